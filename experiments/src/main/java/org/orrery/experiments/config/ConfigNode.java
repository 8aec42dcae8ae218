package org.orrery.experiments.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A mapping of a YAML config with its key path, read key by key. Typed getters record a problem
 * instead of throwing, so that every problem of a file is reported at once, and write the default
 * of each absent key back into the tree, so that the tree becomes the resolved config.
 * {@link #rejectUnknownKeys()} reports every key that no getter asked for.
 */
public final class ConfigNode {
    /** A number with an optional unit: {@code 700}, {@code 2.5e3}, {@code 80 GiB}, {@code 20min}. */
    private static final Pattern QUANTITY = Pattern.compile(
            "([-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*([A-Za-z]+)?");

    private final ObjectNode node;
    private final String path;
    private final List<String> problems;
    private final Set<String> readKeys = new HashSet<>();

    ConfigNode(ObjectNode node, String path, List<String> problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /**
     * Wraps a mapping for reading by a file format other than the experiment config (a sweep, for
     * example); problems go to {@code problems}, prefixed with {@code path}.
     */
    public static ConfigNode of(ObjectNode node, String path, List<String> problems) {
        return new ConfigNode(node, path, problems);
    }

    /** Returns the path of a key of this mapping, for messages. */
    public String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Records a problem at {@code key}. */
    public void problem(String key, String message) {
        problems.add(pathOf(key) + ": " + message);
    }

    /** Returns whether the key is present and not null. */
    public boolean has(String key) {
        readKeys.add(key);
        JsonNode value = node.get(key);
        return value != null && !value.isNull();
    }

    /** Returns the raw value of a key, or null when absent. */
    public JsonNode raw(String key) {
        readKeys.add(key);
        return node.get(key);
    }

    /** Reads a string, writing {@code defaultValue} when absent; a required key has a null default. */
    public String string(String key, String defaultValue) {
        JsonNode value = raw(key);
        if (value == null || value.isNull()) {
            if (defaultValue == null) {
                problem(key, "missing: add this key");
                return null;
            }
            node.put(key, defaultValue);
            return defaultValue;
        }
        if (!value.isValueNode()) {
            problem(key, "expected a text value, got a " + kind(value));
            return defaultValue;
        }
        return value.asText();
    }

    /** Reads an optional string, leaving the tree unchanged when absent; returns null then. */
    public String optionalString(String key) {
        JsonNode value = raw(key);
        if (value == null || value.isNull()) {
            node.putNull(key);
            return null;
        }
        if (!value.isValueNode()) {
            problem(key, "expected a text value, got a " + kind(value));
            return null;
        }
        return value.asText();
    }

    /** Reads one of {@code allowed}, writing {@code defaultValue} when absent. */
    public String choice(String key, String defaultValue, List<String> allowed) {
        String value = string(key, defaultValue);
        if (value != null && !allowed.contains(value)) {
            problem(key, "invalid value '" + value + "': expected one of " + String.join(", ", allowed));
            return defaultValue;
        }
        return value;
    }

    /** Reads a whole number in {@code [min, max]}, writing {@code defaultValue} when absent. */
    public long integer(String key, Long defaultValue, long min, long max) {
        JsonNode value = raw(key);
        if (value == null || value.isNull()) {
            if (defaultValue == null) {
                problem(key, "missing: add a whole number from " + min + " to " + max);
                return min;
            }
            node.put(key, defaultValue);
            return defaultValue;
        }
        Dimension dimension = Dimension.ofKey(key);
        long number;
        if (value.isIntegralNumber() || (value.isTextual() && isLong(value.asText()))) {
            number = value.isIntegralNumber() ? value.asLong() : Long.parseLong(value.asText().trim());
        } else if (value.isTextual() && dimension != Dimension.NONE) {
            Double quantity = parseQuantity(key, value, dimension);
            if (quantity == null) {
                return defaultValue == null ? min : defaultValue;
            }
            if (quantity != Math.rint(quantity) || Math.abs(quantity) > 0x1p62) {
                problem(key, "invalid value '" + value.asText() + "': it is " + dimension.format(quantity)
                        + ", expected a whole number of " + dimension.baseUnit());
                return defaultValue == null ? min : defaultValue;
            }
            number = (long) (double) quantity;
        } else {
            problem(key, "invalid value '" + value.asText() + "': expected a whole number from " + min + " to " + max);
            return defaultValue == null ? min : defaultValue;
        }
        if (number < min || number > max) {
            problem(key, "value " + number + " is out of range: expected a whole number from " + min + " to " + max);
            return defaultValue == null ? min : defaultValue;
        }
        if (value.isTextual()) {
            node.put(key, number);
        }
        return number;
    }

    /**
     * Reads a number in {@code [min, max]}, writing {@code defaultValue} when absent. The key's name
     * decides which units its value may carry (see {@link Dimension#ofKey}); a value with a unit is
     * converted to the SI base unit and written back as a plain number.
     */
    public double number(String key, Double defaultValue, double min, double max) {
        return number(key, defaultValue, min, max, Dimension.ofKey(key));
    }

    /** Reads a number in {@code [min, max]} of {@code dimension}, writing {@code defaultValue} when absent. */
    public double number(String key, Double defaultValue, double min, double max, Dimension dimension) {
        JsonNode value = raw(key);
        String range = dimension.describeRange(min, max);
        if (value == null || value.isNull()) {
            if (defaultValue == null) {
                problem(key, "missing: add " + range);
                return Double.NaN;
            }
            node.put(key, defaultValue);
            return defaultValue;
        }
        Double parsed = value.isNumber() ? Double.valueOf(value.asDouble()) : parseQuantity(key, value, dimension);
        if (parsed == null) {
            return defaultValue == null ? Double.NaN : defaultValue;
        }
        if (!Double.isFinite(parsed)) {
            problem(key, "invalid value '" + value.asText() + "': expected " + range);
            return defaultValue == null ? Double.NaN : defaultValue;
        }
        if (parsed < min || parsed > max) {
            problem(key, "value " + dimension.format(parsed) + " is out of range: expected " + range);
            return defaultValue == null ? Double.NaN : defaultValue;
        }
        if (value.isTextual()) {
            node.put(key, parsed);
        }
        return parsed;
    }

    /** Reads a boolean, writing {@code defaultValue} when absent. */
    public boolean bool(String key, boolean defaultValue) {
        JsonNode value = raw(key);
        if (value == null || value.isNull()) {
            node.put(key, defaultValue);
            return defaultValue;
        }
        if (!value.isBoolean()) {
            problem(key, "invalid value '" + value.asText() + "': expected true or false");
            return defaultValue;
        }
        return value.asBoolean();
    }

    /** Returns the nested mapping at {@code key}, creating an empty one when absent so its defaults are written. */
    public ConfigNode child(String key) {
        JsonNode value = raw(key);
        if (value == null || value.isNull()) {
            ObjectNode created = node.putObject(key);
            return new ConfigNode(created, pathOf(key), problems);
        }
        if (!value.isObject()) {
            problem(key, "expected a mapping of keys to values, got a " + kind(value));
            return new ConfigNode(JsonNodeFactory.instance.objectNode(), pathOf(key), problems);
        }
        return new ConfigNode((ObjectNode) value, pathOf(key), problems);
    }

    /** Returns the mappings of the list at {@code key}; records a problem when it is absent or empty, or has entries that are not mappings. */
    public List<ConfigNode> list(String key) {
        JsonNode value = raw(key);
        List<ConfigNode> items = new ArrayList<>();
        if (value != null && !value.isNull() && !value.isArray()) {
            problem(key, "expected a list of entries (lines starting with '- '), got a " + kind(value));
            return items;
        }
        if (value == null || value.isNull() || value.isEmpty()) {
            problem(key, "missing or empty: add a list with at least one entry");
            return items;
        }
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            String itemPath = pathOf(key) + "[" + i + "]";
            if (!item.isObject()) {
                problems.add(itemPath + ": expected a mapping of keys to values, got a " + kind(item));
                continue;
            }
            items.add(new ConfigNode((ObjectNode) item, itemPath, problems));
        }
        return items;
    }

    /**
     * Records a problem for every key of this mapping that was never read, with the closest read
     * key as a suggestion when one is near enough to be a typo (see {@link ClosestKey}).
     */
    public void rejectUnknownKeys() {
        List<String> known = new ArrayList<>(readKeys);
        known.sort(null);
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String key = names.next();
            if (!readKeys.contains(key)) {
                String expected = String.join(", ", known);
                problem(key, ClosestKey.find(key, known)
                        .map(match -> "unknown key: did you mean " + pathOf(match) + "? Expected one of " + expected)
                        .orElse("unknown key: expected one of " + expected));
            }
        }
    }

    private static boolean isLong(String text) {
        try {
            Long.parseLong(text.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Parses a text value as a number with an optional unit of {@code dimension}, converted to the
     * SI base unit. Records a problem and returns null when the text is not such a quantity.
     */
    private Double parseQuantity(String key, JsonNode value, Dimension dimension) {
        String text = value.asText().trim();
        if (!value.isTextual()) {
            problem(key, "invalid value '" + text + "': expected " + dimension.describeExpected());
            return null;
        }
        Matcher matcher = QUANTITY.matcher(text);
        if (!matcher.matches()) {
            problem(key, "invalid value '" + text + "': expected " + dimension.describeExpected());
            return null;
        }
        double magnitude = Double.parseDouble(matcher.group(1));
        String unit = matcher.group(2);
        if (unit == null) {
            return magnitude;
        }
        Double factor = dimension.factor(unit);
        if (factor != null) {
            return magnitude * factor;
        }
        Dimension actual = Dimension.ofUnit(unit);
        if (dimension == Dimension.NONE) {
            problem(key, "invalid value '" + text + "': this key takes a plain number without a unit");
        } else if (actual != null) {
            problem(key, "invalid value '" + text + "': " + unit + " is a unit of " + actual.label + ", expected "
                    + dimension.describeExpected());
        } else {
            problem(key, "invalid value '" + text + "': unknown unit '" + unit + "', expected "
                    + dimension.describeExpected());
        }
        return null;
    }

    private static String kind(JsonNode value) {
        if (value.isArray()) {
            return "list";
        }
        if (value.isObject()) {
            return "mapping";
        }
        return value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The physical dimension of a numeric key, which decides the units its value may carry. Every
     * unit converts to the SI base unit that the engine uses (seconds, watts, joules, bytes, hertz).
     * Decimal prefixes are powers of 1000 ({@code GB}); binary ones powers of 1024 ({@code GiB}).
     */
    public enum Dimension {
        /** A plain number: a count, a fraction or a rate. */
        NONE("a plain number", "", new String[0], new double[0], "1.5"),
        /** A duration in seconds. */
        DURATION("duration", "s",
                new String[] {"ns", "us", "ms", "s", "min", "h", "d"},
                new double[] {1e-9, 1e-6, 1e-3, 1, 60, 3600, 86_400}, "60 s, 20 min or 1 h"),
        /** A power in watts. */
        POWER("power", "W",
                new String[] {"mW", "W", "kW", "MW"},
                new double[] {1e-3, 1, 1e3, 1e6}, "700 W or 10.2 kW"),
        /** An energy in joules. */
        ENERGY("energy", "J",
                new String[] {"J", "kJ", "MJ", "GJ", "Wh", "kWh", "MWh"},
                new double[] {1, 1e3, 1e6, 1e9, 3600, 3.6e6, 3.6e9}, "5 kJ or 1.5 kWh"),
        /** An amount of memory or data in bytes. */
        BYTES("size in bytes", "B",
                new String[] {"B", "kB", "MB", "GB", "TB", "KiB", "MiB", "GiB", "TiB"},
                new double[] {1, 1e3, 1e6, 1e9, 1e12, 1024.0, 1024.0 * 1024, 1024.0 * 1024 * 1024,
                    1024.0 * 1024 * 1024 * 1024}, "80 GiB or 512 MB"),
        /** A frequency in hertz. */
        FREQUENCY("frequency", "Hz",
                new String[] {"Hz", "kHz", "MHz", "GHz"},
                new double[] {1, 1e3, 1e6, 1e9}, "2.5 GHz or 1980 MHz");

        private final String label;
        private final String baseUnit;
        private final String[] units;
        private final double[] factors;
        private final String examples;

        Dimension(String label, String baseUnit, String[] units, double[] factors, String examples) {
            this.label = label;
            this.baseUnit = baseUnit;
            this.units = units;
            this.factors = factors;
            this.examples = examples;
        }

        /**
         * Returns the dimension that a key's name declares by its unit suffix: {@code _s} a duration,
         * {@code _w} or {@code _watts} a power, {@code _j} or {@code _joules} an energy,
         * {@code _bytes} a size and {@code _hz} a frequency. A rate ({@code _per_} in the name) and
         * any other key take a plain number.
         */
        public static Dimension ofKey(String key) {
            String name = key.toLowerCase(Locale.ROOT);
            if (name.contains("_per_")) {
                return NONE;
            }
            if (name.endsWith("_s")) {
                return DURATION;
            }
            if (name.endsWith("_w") || name.endsWith("_watts")) {
                return POWER;
            }
            if (name.endsWith("_j") || name.endsWith("_joules")) {
                return ENERGY;
            }
            if (name.endsWith("_bytes")) {
                return BYTES;
            }
            if (name.endsWith("_hz")) {
                return FREQUENCY;
            }
            return NONE;
        }

        /** Returns the dimension that {@code unit} belongs to, or null for an unknown unit. */
        static Dimension ofUnit(String unit) {
            for (Dimension dimension : values()) {
                if (dimension.factor(unit) != null) {
                    return dimension;
                }
            }
            return null;
        }

        /** Returns the factor that converts {@code unit} to the base unit, or null when it is not a unit of this dimension. */
        public Double factor(String unit) {
            for (int i = 0; i < units.length; i++) {
                if (units[i].equals(unit)) {
                    return factors[i];
                }
            }
            return null;
        }

        /**
         * Returns {@code text}, a number with an optional unit of this dimension as a config value
         * may be written ({@code 400}, {@code 400 W}, {@code 20 min}), in the base unit; returns
         * null when the text is not such a value. The product is taken in decimal, so {@code 9 ms}
         * gives the double nearest to 0.009 and not 9 x 0.001 = 0.009000000000000001.
         */
        public Double toBaseUnit(String text) {
            Matcher matcher = QUANTITY.matcher(text.trim());
            if (!matcher.matches()) {
                return null;
            }
            String unit = matcher.group(2);
            if (unit == null) {
                return Double.parseDouble(matcher.group(1));
            }
            Double factor = factor(unit);
            if (factor == null) {
                return null;
            }
            return new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(factor)).doubleValue();
        }

        /** Returns the SI base unit, or "units" for a plain number. */
        public String baseUnit() {
            return baseUnit.isEmpty() ? "units" : baseUnit;
        }

        String describeExpected() {
            if (this == NONE) {
                return "a plain number such as " + examples;
            }
            return "a " + label + " such as " + examples + " (units: " + String.join(", ", units)
                    + "; a plain number means " + baseUnit + ")";
        }

        String describeRange(double min, double max) {
            if (this == NONE) {
                return "a number from " + min + " to " + max;
            }
            return "a " + label + " from " + format(min) + " to " + format(max) + " (units: "
                    + String.join(", ", units) + "; a plain number means " + baseUnit + ")";
        }

        String format(double value) {
            return this == NONE ? String.valueOf(value) : value + " " + baseUnit;
        }
    }
}
