package org.orrery.experiments.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;

class CsvFormatTest {

    @Test
    void writesFixedDecimals() {
        assertThat(CsvFormat.fixed(0.0, 6)).isEqualTo("0.000000");
        assertThat(CsvFormat.fixed(1.5, 3)).isEqualTo("1.500");
        assertThat(CsvFormat.fixed(12.0000004, 6)).isEqualTo("12.000000");
        assertThat(CsvFormat.fixed(0.0000005, 6)).isEqualTo("0.000001");
        assertThat(CsvFormat.fixed(-2.25, 1)).isEqualTo("-2.3");
        assertThat(CsvFormat.fixed(-0.0000001, 3)).isEqualTo("0.000");
        assertThat(CsvFormat.fixed(42, 0)).isEqualTo("42");
        assertThat(CsvFormat.fixed(Double.NaN, 3)).isEmpty();
    }

    @Test
    void largeValuesUseStringFormat() {
        assertThat(CsvFormat.fixed(3e15, 2)).isEqualTo("3000000000000000.00");
        assertThat(CsvFormat.fixed(Double.POSITIVE_INFINITY, 2)).isEqualTo("Infinity");
    }

    /**
     * For values that are not halfway between two outputs, rounding half up and
     * {@code String.format}'s half-up rounding of the exact binary value agree.
     */
    @Test
    void agreesWithStringFormatAwayFromTies() {
        Random random = new Random(11);
        for (int i = 0; i < 100_000; i++) {
            double value = random.nextDouble() * Math.pow(10, random.nextInt(8));
            int decimals = random.nextInt(7);
            double scaled = value * Math.pow(10, decimals);
            if (Math.abs(scaled - Math.floor(scaled) - 0.5) < 1e-6) {
                continue;
            }
            assertThat(CsvFormat.fixed(value, decimals)).as("%s with %d decimals", value, decimals)
                    .isEqualTo(String.format(Locale.ROOT, "%." + decimals + "f", value));
        }
    }
}
