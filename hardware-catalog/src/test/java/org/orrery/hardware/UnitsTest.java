package org.orrery.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.orrery.hardware.Units.Dimension;
import org.orrery.hardware.Units.InvalidQuantityException;

class UnitsTest {

    @Test
    void decimalAndBinaryBytesDiffer() throws InvalidQuantityException {
        assertThat(Units.toSi("80 GB", Dimension.BYTES)).isEqualTo(80e9);
        assertThat(Units.toSi("80 GiB", Dimension.BYTES)).isEqualTo(80 * 1024.0 * 1024 * 1024);
        assertThat(Units.toSi("46068 MiB", Dimension.BYTES)).isEqualTo(46068 * 1024.0 * 1024);
        assertThat(Units.toSi("85899345920 B", Dimension.BYTES)).isEqualTo(85_899_345_920.0);
    }

    @Test
    void ratesPowerCarbonConvertToSi() throws InvalidQuantityException {
        assertThat(Units.toSi("989 TFLOP/s", Dimension.FLOP_RATE)).isEqualTo(989e12);
        assertThat(Units.toSi("3350 GB/s", Dimension.BYTE_RATE)).isEqualTo(3350e9);
        assertThat(Units.toSi("6.5 kW", Dimension.POWER)).isEqualTo(6500.0);
        assertThat(Units.toSi("27.8 kgCO2e", Dimension.CARBON)).isEqualTo(27_800.0);
        assertThat(Units.toSi("1.3 tCO2e", Dimension.CARBON)).isEqualTo(1.3e6);
    }

    @Test
    void priceAndDurationConvertToSeconds() throws InvalidQuantityException {
        assertThat(Units.toSi("3.60 USD/h", Dimension.PRICE_RATE)).isEqualTo(3.60 / 3600);
        assertThat(Units.toSi("6 years", Dimension.DURATION)).isEqualTo(6 * 365.25 * 86_400);
        assertThat(Units.toSi("2 d", Dimension.DURATION)).isEqualTo(2 * 86_400.0);
    }

    @Test
    void spacingAndExponentsAreAccepted() throws InvalidQuantityException {
        assertThat(Units.toSi("700W", Dimension.POWER)).isEqualTo(700.0);
        assertThat(Units.toSi("  7e2   W ", Dimension.POWER)).isEqualTo(700.0);
        assertThat(Units.toSi(".5 kW", Dimension.POWER)).isEqualTo(500.0);
    }

    @Test
    void negativeNumberIsParsed() throws InvalidQuantityException {
        // Units accepts any sign because the caller checks each field's lower bound.
        assertThat(Units.toSi("-300 W", Dimension.POWER)).isEqualTo(-300.0);
    }

    @Test
    void unitIsCaseSensitive() {
        assertThatThrownBy(() -> Units.toSi("80 gib", Dimension.BYTES))
                .isInstanceOf(InvalidQuantityException.class)
                .hasMessage("has unit 'gib', which is not a unit of a memory size; use one of B, GB, GiB, KiB, MB, "
                        + "MiB, TB, TiB, kB");
    }

    @Test
    void textWithoutNumberIsRejected() {
        assertThatThrownBy(() -> Units.toSi("W", Dimension.POWER))
                .isInstanceOf(InvalidQuantityException.class)
                .hasMessageStartingWith("is not a number followed by a unit");
    }

    @Test
    void overflowIsRejected() {
        assertThatThrownBy(() -> Units.toSi("1e308 TB", Dimension.BYTES))
                .isInstanceOf(InvalidQuantityException.class)
                .hasMessageStartingWith("is out of range");
    }
}
