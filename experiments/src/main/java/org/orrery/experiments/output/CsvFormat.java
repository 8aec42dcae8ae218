package org.orrery.experiments.output;

import java.util.Locale;

/**
 * Number formatting for result CSVs: fixed decimals with a point, an empty cell for NaN.
 *
 * <p>A result file of a week-long replay has tens of millions of rows, and {@code String.format}
 * took more than a quarter of such a run's time, so values whose scaled magnitude fits in a
 * {@code long} are rounded half up and written digit by digit. Larger or non-finite values go
 * through {@code String.format} in the root locale.
 */
final class CsvFormat {
    private static final long[] POWERS_OF_TEN = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L,
        10_000_000L, 100_000_000L, 1_000_000_000L};
    /** Largest magnitude written by the fast path: far below 2^53, so scaling stays exact to the last digit kept. */
    private static final double FAST_LIMIT = 1e12;

    private CsvFormat() {
    }

    /** Formats {@code value} with {@code decimals} digits after the point (at most 9). */
    static String fixed(double value, int decimals) {
        if (Double.isNaN(value)) {
            return "";
        }
        if (!(Math.abs(value) < FAST_LIMIT) || decimals > 9) {
            return String.format(Locale.ROOT, "%." + decimals + "f", value);
        }
        long scale = POWERS_OF_TEN[decimals];
        long scaled = Math.round(Math.abs(value) * scale);
        StringBuilder text = new StringBuilder(24);
        if (value < 0 && scaled != 0) {
            text.append('-');
        }
        text.append(scaled / scale);
        if (decimals > 0) {
            text.append('.');
            String fraction = Long.toString(scaled % scale);
            for (int i = fraction.length(); i < decimals; i++) {
                text.append('0');
            }
            text.append(fraction);
        }
        return text.toString();
    }
}
