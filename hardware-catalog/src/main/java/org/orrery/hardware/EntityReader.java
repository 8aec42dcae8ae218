package org.orrery.hardware;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.orrery.hardware.Units.Dimension;
import org.orrery.hardware.Units.InvalidQuantityException;

/**
 * Reads the fields of one accelerator or server entry, recording each value's provenance and
 * every problem found.
 *
 * <p>Each field is a mapping {@code {value, source, assumption, reason, note}}. A read method
 * returns a placeholder (NaN, null or 0) when the field is invalid; callers check {@link
 * #hasProblems()} before building a record from the results.
 */
final class EntityReader {

    /** Lower bound that a quantity must respect. */
    enum Bound {
        POSITIVE,
        NON_NEGATIVE
    }

    private static final Set<String> FIELD_KEYS = Set.of("value", "source", "assumption", "reason", "note");

    private final ProblemLog log;
    private final String path;
    private final String entityName;
    private final JsonNode node;
    private final Map<String, String> citations;
    private final Set<String> knownKeys = new LinkedHashSet<>();
    private final Map<String, SourcedValue> provenance = new LinkedHashMap<>();
    private final int problemsAtStart;

    EntityReader(ProblemLog log, String path, String entityName, JsonNode node, Map<String, String> citations) {
        this.log = log;
        this.path = path;
        this.entityName = entityName;
        this.node = node;
        this.citations = citations;
        this.problemsAtStart = log.size();
        knownKeys.add("name");
    }

    /** Reads a quantity and returns it in SI units, or NaN if the field is invalid. */
    double quantity(String key, Dimension dimension, Bound bound) {
        JsonNode value = valueNode(key, dimension.example());
        if (value == null) {
            return Double.NaN;
        }
        if (!value.isValueNode()) {
            problem(key, "value must be " + dimension.description() + " such as '" + dimension.example()
                    + "', but is a " + value.getNodeType().toString().toLowerCase(Locale.ROOT));
            return Double.NaN;
        }

        String written = value.asText();
        double si;
        try {
            si = Units.toSi(written, dimension);
        } catch (InvalidQuantityException e) {
            problem(key, "value '" + written + "' " + e.getMessage());
            return Double.NaN;
        }

        if (si < 0 || (si == 0 && bound == Bound.POSITIVE)) {
            String expected = bound == Bound.POSITIVE ? "positive" : "zero or positive";
            problem(key, "value '" + written + "' is invalid: " + dimension.description() + " must be "
                    + expected + ", such as '" + dimension.example() + "'");
            return Double.NaN;
        }
        return si;
    }

    /** Reads a positive whole number, or returns 0 if the field is invalid. */
    int count(String key) {
        JsonNode value = valueNode(key, "8");
        if (value == null) {
            return 0;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() <= 0) {
            problem(key, "value '" + value.asText() + "' is invalid: expected a positive whole number such as 8");
            return 0;
        }
        return value.intValue();
    }

    /** Reads a non-blank text, or returns null if the field is invalid. */
    String text(String key, String example) {
        JsonNode value = valueNode(key, example);
        if (value == null) {
            return null;
        }
        if (!value.isValueNode() || value.isNull() || value.asText().isBlank()) {
            problem(key, "value '" + value + "' is invalid: expected a text such as '" + example + "'");
            return null;
        }
        return value.asText();
    }

    /** Reads one constant of {@code type} by its exact name, or returns null if the field is invalid. */
    <E extends Enum<E>> E choice(String key, Class<E> type) {
        E[] constants = type.getEnumConstants();
        String allowed = Arrays.stream(constants).map(Enum::name).collect(Collectors.joining(", "));
        String written = text(key, constants[0].name());
        if (written == null) {
            return null;
        }
        for (E constant : constants) {
            if (constant.name().equals(written)) {
                return constant;
            }
        }
        problem(key, "value '" + written + "' is invalid: expected one of " + allowed);
        return null;
    }

    /** Reports every key of the entry that no read method asked for. */
    void rejectUnknownKeys() {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!knownKeys.contains(key)) {
                log.add(path, "unknown key '" + key + "'; remove it or use one of: " + String.join(", ", knownKeys));
            }
        }
    }

    /** Returns whether any problem was recorded since this reader was created. */
    boolean hasProblems() {
        return log.size() > problemsAtStart;
    }

    /** Reports {@code message} at {@code key} of this entry. */
    void problem(String key, String message) {
        log.add(path + "." + key, message);
    }

    /** Returns the provenance of every field read, keyed by catalog key, in reading order. */
    Map<String, SourcedValue> provenance() {
        return provenance;
    }

    /**
     * Checks the field mapping of {@code key} and its provenance, records the provenance, and
     * returns the {@code value} node, or null if the field is missing or malformed.
     */
    private JsonNode valueNode(String key, String example) {
        knownKeys.add(key);
        JsonNode field = node.get(key);
        String fix = "add it as '" + key + ": {value: " + example + ", source: <id from sources>}'";
        if (field == null) {
            log.add(path, "missing key '" + key + "'; " + fix);
            return null;
        }
        if (!field.isObject() || !field.has("value")) {
            problem(key, "value '" + field + "' is not a mapping with a 'value' key; write it as '"
                    + key + ": {value: " + example + ", source: <id from sources>}'");
            return null;
        }

        boolean keysValid = checkFieldKeys(key, field);
        boolean provenanceValid = recordProvenance(key, field);
        return keysValid && provenanceValid ? field.get("value") : null;
    }

    private boolean checkFieldKeys(String key, JsonNode field) {
        boolean valid = true;
        Iterator<String> names = field.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!FIELD_KEYS.contains(name)) {
                problem(key, "unknown key '" + name + "'; remove it or use one of: value, source, assumption, reason, note");
                valid = false;
            }
        }
        return valid;
    }

    private boolean recordProvenance(String key, JsonNode field) {
        String sourceId = optionalText(field, "source");
        String reason = optionalText(field, "reason");
        String note = optionalText(field, "note");
        JsonNode assumptionNode = field.get("assumption");
        String written = field.get("value").asText();

        if (assumptionNode != null && !assumptionNode.isBoolean()) {
            problem(key, "assumption '" + assumptionNode.asText() + "' is invalid: write 'assumption: true' or remove it");
            return false;
        }
        boolean assumption = assumptionNode != null && assumptionNode.booleanValue();

        String citation = "";
        if (!sourceId.isEmpty()) {
            citation = citations.get(sourceId);
            if (citation == null) {
                problem(key, "source '" + sourceId + "' of value '" + written + "' is not defined; add it under "
                        + "'sources' or use one of: " + String.join(", ", citations.keySet()));
                return false;
            }
        }
        if (assumption && reason.isBlank()) {
            problem(key, "value '" + written + "' is an assumption without a reason; add 'reason: <one line>'");
            return false;
        }
        if (!assumption && citation.isEmpty()) {
            problem(key, "value '" + written + "' has no source; add 'source: <id from sources>', or "
                    + "'assumption: true' with 'reason: <one line>'");
            return false;
        }
        if (!assumption && !reason.isBlank()) {
            problem(key, "value '" + written + "' has a reason but is not an assumption; add 'assumption: true' or "
                    + "move the text to 'note'");
            return false;
        }

        provenance.put(key, new SourcedValue(entityName, key, written, citation, assumption, reason, note));
        return true;
    }

    private static String optionalText(JsonNode field, String name) {
        JsonNode value = field.get(name);
        return value == null || value.isNull() ? "" : value.asText().strip();
    }
}
