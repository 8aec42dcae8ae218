package org.orrery.experiments.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

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
    private final ObjectNode node;
    private final String path;
    private final List<String> problems;
    private final Set<String> readKeys = new HashSet<>();

    ConfigNode(ObjectNode node, String path, List<String> problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
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
        if (!value.isIntegralNumber() && !(value.isTextual() && isLong(value.asText()))) {
            problem(key, "invalid value '" + value.asText() + "': expected a whole number from " + min + " to " + max);
            return defaultValue == null ? min : defaultValue;
        }
        long number = value.isIntegralNumber() ? value.asLong() : Long.parseLong(value.asText().trim());
        if (number < min || number > max) {
            problem(key, "value " + number + " is out of range: expected a whole number from " + min + " to " + max);
            return defaultValue == null ? min : defaultValue;
        }
        if (value.isTextual()) {
            node.put(key, number);
        }
        return number;
    }

    /** Reads a number in {@code [min, max]}, writing {@code defaultValue} when absent. */
    public double number(String key, Double defaultValue, double min, double max) {
        JsonNode value = raw(key);
        if (value == null || value.isNull()) {
            if (defaultValue == null) {
                problem(key, "missing: add a number from " + min + " to " + max);
                return Double.NaN;
            }
            node.put(key, defaultValue);
            return defaultValue;
        }
        Double parsed = value.isNumber() ? Double.valueOf(value.asDouble()) : parseDouble(value);
        if (parsed == null || !Double.isFinite(parsed)) {
            problem(key, "invalid value '" + value.asText() + "': expected a number from " + min + " to " + max);
            return defaultValue == null ? Double.NaN : defaultValue;
        }
        if (parsed < min || parsed > max) {
            problem(key, "value " + parsed + " is out of range: expected a number from " + min + " to " + max);
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
        if (value == null || value.isNull() || !value.isArray() || value.isEmpty()) {
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

    /** Records a problem for every key of this mapping that was never read. */
    public void rejectUnknownKeys() {
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String key = names.next();
            if (!readKeys.contains(key)) {
                List<String> known = new ArrayList<>(readKeys);
                known.sort(null);
                problem(key, "unknown key: expected one of " + String.join(", ", known));
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

    private static Double parseDouble(JsonNode value) {
        if (!value.isTextual()) {
            return null;
        }
        try {
            return Double.valueOf(value.asText().trim());
        } catch (NumberFormatException e) {
            return null;
        }
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
}
