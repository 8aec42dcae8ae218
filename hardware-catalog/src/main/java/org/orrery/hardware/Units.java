package org.orrery.hardware;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Unit strings accepted in catalog files and their factors to the SI unit used inside Orrery.
 *
 * <p>A quantity is written as a decimal number, optional whitespace and a unit, for example
 * {@code "700 W"}, {@code "80 GiB"} or {@code "1.60 USD/h"}. Decimal prefixes (k, M, G, T, P) are
 * powers of 1000 and binary prefixes (KiB, MiB, GiB, TiB) are powers of 1024. One year is 365.25
 * days.
 */
final class Units {

    static final double SECONDS_PER_HOUR = 3600.0;
    static final double SECONDS_PER_YEAR = 365.25 * 24 * SECONDS_PER_HOUR;

    private static final Pattern QUANTITY =
            Pattern.compile("^\\s*([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*(\\S.*?)?\\s*$");

    /** A physical dimension with the units that may express it. */
    enum Dimension {
        FLOP_RATE("a compute rate", "989 TFLOP/s",
                Map.of("FLOP/s", 1.0, "GFLOP/s", 1e9, "TFLOP/s", 1e12, "PFLOP/s", 1e15)),
        BYTES("a memory size", "80 GiB", bytes()),
        BYTE_RATE("a bandwidth", "3350 GB/s",
                Map.of("B/s", 1.0, "kB/s", 1e3, "MB/s", 1e6, "GB/s", 1e9, "TB/s", 1e12)),
        POWER("a power", "700 W", Map.of("W", 1.0, "kW", 1e3)),
        CARBON("a carbon mass", "27.8 kgCO2e", Map.of("gCO2e", 1.0, "kgCO2e", 1e3, "tCO2e", 1e6)),
        PRICE_RATE("a price per GPU-hour", "2.50 USD/h",
                Map.of("USD/h", 1.0 / SECONDS_PER_HOUR, "USD/s", 1.0)),
        DURATION("a duration", "6 years", Map.of("s", 1.0, "h", SECONDS_PER_HOUR,
                "d", 24 * SECONDS_PER_HOUR, "years", SECONDS_PER_YEAR));

        private final String description;
        private final String example;
        private final Map<String, Double> factorsToSi;

        Dimension(String description, String example, Map<String, Double> factorsToSi) {
            this.description = description;
            this.example = example;
            this.factorsToSi = factorsToSi;
        }

        String description() {
            return description;
        }

        String example() {
            return example;
        }

        String unitList() {
            return String.join(", ", factorsToSi.keySet().stream().sorted().toList());
        }

        private static Map<String, Double> bytes() {
            Map<String, Double> units = new LinkedHashMap<>();
            units.put("B", 1.0);
            units.put("kB", 1e3);
            units.put("MB", 1e6);
            units.put("GB", 1e9);
            units.put("TB", 1e12);
            units.put("KiB", 1024.0);
            units.put("MiB", Math.pow(1024, 2));
            units.put("GiB", Math.pow(1024, 3));
            units.put("TiB", Math.pow(1024, 4));
            return units;
        }
    }

    /** Invalid quantity text. The message continues a problem report that begins "value '...'". */
    static final class InvalidQuantityException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidQuantityException(String message) {
            super(message);
        }
    }

    private Units() {
    }

    /**
     * Parses {@code text} as a quantity of {@code dimension} and returns it in the SI unit
     * (FLOP/s, bytes, bytes/s, watts, grams CO2e, US dollars per second, seconds).
     *
     * @throws InvalidQuantityException if the number or the unit is missing or invalid, or the
     *     result is not finite
     */
    static double toSi(String text, Dimension dimension) throws InvalidQuantityException {
        Matcher matcher = QUANTITY.matcher(text);
        if (!matcher.matches()) {
            throw new InvalidQuantityException("is not a number followed by a unit; write "
                    + dimension.description() + " such as '" + dimension.example() + "'");
        }

        String unit = matcher.group(2);
        if (unit == null) {
            throw new InvalidQuantityException("has no unit; write " + dimension.description()
                    + " such as '" + dimension.example() + "' (units: " + dimension.unitList() + ")");
        }
        Double factor = dimension.factorsToSi.get(unit);
        if (factor == null) {
            throw new InvalidQuantityException("has unit '" + unit + "', which is not a unit of "
                    + dimension.description() + "; use one of " + dimension.unitList());
        }

        double si = Double.parseDouble(matcher.group(1)) * factor;
        if (!Double.isFinite(si)) {
            throw new InvalidQuantityException("is out of range; write " + dimension.description()
                    + " such as '" + dimension.example() + "'");
        }
        return si;
    }
}
