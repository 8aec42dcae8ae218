package org.orrery.experiments.output;

import java.util.Locale;

/** Number formatting for result CSVs: fixed decimals in the root locale, an empty cell for NaN. */
final class CsvFormat {
    private CsvFormat() {
    }

    /** Formats {@code value} with {@code decimals} digits after the point. */
    static String fixed(double value, int decimals) {
        if (Double.isNaN(value)) {
            return "";
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
