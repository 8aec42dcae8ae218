package org.orrery.experiments.sweep;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import org.orrery.experiments.config.ConfigException;
import org.orrery.experiments.config.ConfigNode;

/**
 * A sweep file as read from YAML: a base config, fixed overrides, axes and seeds. The scenarios are
 * the Cartesian product of the axes, first axis outermost; each runs once per seed.
 *
 * <pre>
 * name: my-sweep                 # result folder name (default: the file name)
 * base: quickstart.yaml          # experiment config, relative to the sweep file
 * seeds: 3                       # seeds 1..3, or a list such as [1, 7, 42]
 * set:                           # overrides applied to every scenario
 *   trace.max_requests: 2000
 * axes:
 *   - key: serving.instances
 *     values: [2, 4]
 *   - key: serving.max_running_sequences
 *     range: {from: 64, to: 256, step: 64}   # or {from, to, count}
 *   - zip:                       # keys that move together, lists of equal length
 *       - {key: cluster.nodes[0].count, values: [1, 2]}
 *       - {key: serving.instances, values: [2, 4]}
 *   - sample: {count: 5, seed: 7, keys: [{key: power.pue, uniform: [1.1, 1.5]}]}
 * </pre>
 *
 * @param name the sweep name
 * @param file the sweep file
 * @param baseConfig the base experiment config, absolute
 * @param fixed key path to value text, applied to every scenario before the axes
 * @param axes the axes
 * @param seeds the seeds every scenario runs with
 */
public record SweepSpec(String name, Path file, Path baseConfig, Map<String, String> fixed, List<SweepAxis> axes,
        List<Long> seeds) {

    static final YAMLMapper YAML = new YAMLMapper();

    /** Returns the fixed overrides in the {@code key=value} syntax of {@code --set}. */
    public List<String> fixedOverrides() {
        List<String> overrides = new ArrayList<>();
        fixed.forEach((key, value) -> overrides.add(key + "=" + value));
        return overrides;
    }
    private static final int MAX_SEEDS = 10_000;
    private static final int MAX_POINTS = 1_000_000;

    /**
     * Reads and checks a sweep file, reporting every problem at once.
     *
     * @throws ConfigException listing every problem with its key path
     */
    public static SweepSpec load(Path file) {
        String source = file.toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(source, List.of("file not found: check the path"));
        } catch (IOException e) {
            throw new ConfigException(source, List.of("cannot read the file: " + e.getMessage()));
        }
        return parse(source, text, file.toAbsolutePath());
    }

    /** Reads a sweep from text; {@code file} locates the base config and names the sweep by default. */
    public static SweepSpec parse(String source, String text, Path file) {
        ObjectNode root = readTree(source, text);
        List<String> problems = new ArrayList<>();
        SweepSpec spec = read(ConfigNode.of(root, "", problems), file, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
        return spec;
    }

    /**
     * Returns whether a YAML tree looks like a sweep rather than an experiment config: it has one of
     * the keys only a sweep has ({@code base}, {@code seeds}, {@code set}, {@code axes}). Any of them
     * is enough, so that a sweep with a misspelled {@code base} is still checked as a sweep.
     */
    public static boolean isSweep(Path file) {
        try {
            JsonNode tree = YAML.readTree(Files.readString(file));
            return tree != null && tree.isObject()
                    && (tree.has("base") || tree.has("seeds") || tree.has("set") || tree.has("axes"));
        } catch (IOException e) {
            return false;
        }
    }

    private static ObjectNode readTree(String source, String text) {
        JsonNode tree;
        try {
            tree = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String location = where == null ? "" : "line " + where.getLineNr() + ", column " + where.getColumnNr() + ": ";
            throw new ConfigException(source, List.of(location + "invalid YAML: " + e.getOriginalMessage()));
        }
        if (tree == null || !tree.isObject()) {
            throw new ConfigException(source, List.of("the file must contain a mapping of keys to values"));
        }
        return (ObjectNode) tree;
    }

    private static SweepSpec read(ConfigNode root, Path file, List<String> problems) {
        String name = root.string("name", defaultName(file));
        String base = root.string("base", null);
        Path baseConfig = null;
        if (base != null) {
            baseConfig = file.getParent() == null ? Path.of(base) : file.getParent().resolve(base).normalize();
            if (!Files.isRegularFile(baseConfig)) {
                root.problem("base", "file '" + base + "' not found (looked at " + baseConfig
                        + "): give the experiment config's path relative to the sweep file");
            }
        }
        List<Long> seeds = readSeeds(root);
        Map<String, String> fixed = readFixed(root);

        List<SweepAxis> axes = new ArrayList<>();
        JsonNode axesNode = root.raw("axes");
        if (axesNode != null && !axesNode.isNull()) {
            if (!axesNode.isArray()) {
                root.problem("axes", "expected a list of axes, got a " + axesNode.getNodeType().toString().toLowerCase(
                        java.util.Locale.ROOT) + ": write each axis as a list entry starting with '- '");
            } else {
                List<ConfigNode> items = root.list("axes");
                for (int i = 0; i < items.size(); i++) {
                    SweepAxis axis = readAxis(items.get(i), "axes[" + i + "]");
                    if (axis != null) {
                        axes.add(axis);
                    }
                }
            }
        }
        checkDistinctKeys(fixed, axes, problems);
        long scenarios = 1;
        for (SweepAxis axis : axes) {
            scenarios = Math.min(scenarios * Math.max(1, axis.points().size()), Long.MAX_VALUE / 2);
        }
        if (scenarios > MAX_POINTS) {
            root.problem("axes", "the axes expand to " + scenarios + " scenarios, more than " + MAX_POINTS
                    + ": use fewer values or random samples");
        }
        root.rejectUnknownKeys();
        return new SweepSpec(name, file, baseConfig, fixed, axes, seeds);
    }

    private static List<Long> readSeeds(ConfigNode root) {
        List<Long> seeds = new ArrayList<>();
        JsonNode value = root.raw("seeds");
        if (value == null || value.isNull() || !value.isArray()) {
            long count = root.integer("seeds", 1L, 1, MAX_SEEDS);
            for (long seed = 1; seed <= count; seed++) {
                seeds.add(seed);
            }
            return seeds;
        }
        for (int i = 0; i < value.size(); i++) {
            JsonNode seed = value.get(i);
            if (!seed.isIntegralNumber()) {
                root.problem("seeds", "entry " + i + " '" + seed.asText() + "' is not a whole number: list seeds "
                        + "such as [1, 7, 42], or give a count");
            } else if (seeds.contains(seed.asLong())) {
                root.problem("seeds", "seed " + seed.asLong() + " is listed twice: each seed must be distinct");
            } else {
                seeds.add(seed.asLong());
            }
        }
        if (value.isEmpty()) {
            root.problem("seeds", "empty list: give a count such as 3 or a list such as [1, 7, 42]");
        }
        return seeds;
    }

    private static Map<String, String> readFixed(ConfigNode root) {
        Map<String, String> fixed = new LinkedHashMap<>();
        JsonNode value = root.raw("set");
        if (value == null || value.isNull()) {
            return fixed;
        }
        if (!value.isObject()) {
            root.problem("set", "expected a mapping of key paths to values, for example trace.max_requests: 2000");
            return fixed;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            fixed.put(field.getKey(), valueText(field.getValue()));
        }
        return fixed;
    }

    private static SweepAxis readAxis(ConfigNode node, String label) {
        if (node.has("zip")) {
            return readZip(node, label);
        }
        if (node.has("sample")) {
            SweepAxis axis = readSample(node.child("sample"), label);
            node.rejectUnknownKeys();
            return axis;
        }
        String key = node.string("key", null);
        List<JsonNode> values = readValues(node);
        node.rejectUnknownKeys();
        if (key == null || values == null) {
            return null;
        }
        List<List<JsonNode>> points = values.stream().map(List::of).toList();
        return new SweepAxis(label, List.of(key), points);
    }

    /** Reads the {@code values} list or the {@code range} of an axis entry; returns null after recording a problem. */
    private static List<JsonNode> readValues(ConfigNode node) {
        boolean hasValues = node.has("values");
        boolean hasRange = node.has("range");
        if (hasValues == hasRange) {
            node.problem(hasValues ? "range" : "values", hasValues
                    ? "an axis takes either values or a range, not both: remove one"
                    : "missing: give the axis a list of values, a range {from, to, step}, or use zip or sample");
            return null;
        }
        if (hasValues) {
            JsonNode values = node.raw("values");
            if (!values.isArray() || values.isEmpty()) {
                node.problem("values", "expected a non-empty list such as [2, 4, 8]");
                return null;
            }
            List<JsonNode> list = new ArrayList<>();
            values.forEach(list::add);
            return list;
        }
        return readRange(node.child("range"));
    }

    private static List<JsonNode> readRange(ConfigNode range) {
        double from = range.number("from", null, -Double.MAX_VALUE, Double.MAX_VALUE);
        double to = range.number("to", null, -Double.MAX_VALUE, Double.MAX_VALUE);
        boolean hasStep = range.has("step");
        boolean hasCount = range.has("count");
        double step = hasStep ? range.number("step", null, -Double.MAX_VALUE, Double.MAX_VALUE) : Double.NaN;
        long count = hasCount ? range.integer("count", null, 1, MAX_POINTS) : 0;
        range.rejectUnknownKeys();

        if (hasStep == hasCount) {
            range.problem("step", hasStep ? "a range takes either step or count, not both: remove one"
                    : "missing: give step (the distance between values) or count (how many values)");
            return null;
        }
        if (!Double.isFinite(from) || !Double.isFinite(to) || (hasStep && !Double.isFinite(step))) {
            return null;
        }

        boolean integral = from == Math.rint(from) && (hasCount ? count == 1 || (to - from) % (count - 1) == 0
                : step == Math.rint(step));
        List<JsonNode> values = new ArrayList<>();
        // Decimal arithmetic on the written values, so that {from: 1.1, step: 0.1} gives 1.5 and
        // not 1.5000000000000002 after four steps.
        BigDecimal start = BigDecimal.valueOf(from);
        if (hasCount) {
            BigDecimal span = BigDecimal.valueOf(to).subtract(start);
            for (long i = 0; i < count; i++) {
                BigDecimal offset = count == 1 ? BigDecimal.ZERO
                        : span.multiply(BigDecimal.valueOf(i)).divide(BigDecimal.valueOf(count - 1), MathContext.DECIMAL64);
                values.add(number(start.add(offset).doubleValue(), integral));
            }
            return values;
        }

        if (step == 0 || (to - from) / step < 0) {
            range.problem("step", "step " + step + " never reaches " + to + " from " + from
                    + ": use a step with the sign of to - from");
            return null;
        }
        long steps = BigDecimal.valueOf(to).subtract(start)
                .divide(BigDecimal.valueOf(step), MathContext.DECIMAL64).longValue();
        if (steps >= MAX_POINTS) {
            range.problem("step", "the range has " + (steps + 1) + " values, more than " + MAX_POINTS
                    + ": use a larger step");
            return null;
        }

        for (long i = 0; i <= steps; i++) {
            values.add(number(start.add(BigDecimal.valueOf(step).multiply(BigDecimal.valueOf(i))).doubleValue(), integral));
        }
        return values;
    }

    private static JsonNode number(double value, boolean integral) {
        return integral ? JsonNodeFactory.instance.numberNode((long) value) : JsonNodeFactory.instance.numberNode(value);
    }

    private static SweepAxis readZip(ConfigNode node, String label) {
        List<ConfigNode> members = node.list("zip");
        node.rejectUnknownKeys();
        List<String> keys = new ArrayList<>();
        List<List<JsonNode>> columns = new ArrayList<>();
        for (ConfigNode member : members) {
            String key = member.string("key", null);
            List<JsonNode> values = readValues(member);
            member.rejectUnknownKeys();
            if (key == null || values == null) {
                return null;
            }
            if (!columns.isEmpty() && values.size() != columns.get(0).size()) {
                member.problem("values", "has " + values.size() + " values but " + keys.get(0) + " has "
                        + columns.get(0).size() + ": zipped keys need lists of equal length");
                return null;
            }
            keys.add(key);
            columns.add(values);
        }
        if (keys.isEmpty()) {
            return null;
        }
        List<List<JsonNode>> points = new ArrayList<>();
        for (int i = 0; i < columns.get(0).size(); i++) {
            List<JsonNode> point = new ArrayList<>();
            for (List<JsonNode> column : columns) {
                point.add(column.get(i));
            }
            points.add(point);
        }
        return new SweepAxis(label, keys, points);
    }

    /**
     * Reads a sampled axis: {@code count} points, each drawing every key from its distribution with
     * a generator seeded by {@code seed}, so the same file always yields the same points.
     */
    private static SweepAxis readSample(ConfigNode node, String label) {
        int count = (int) node.integer("count", null, 1, MAX_POINTS);
        long seed = node.integer("seed", 1L, Long.MIN_VALUE, Long.MAX_VALUE);
        List<ConfigNode> members = node.list("keys");
        node.rejectUnknownKeys();
        List<String> keys = new ArrayList<>();
        List<Distribution> distributions = new ArrayList<>();
        for (ConfigNode member : members) {
            String key = member.string("key", null);
            Distribution distribution = Distribution.read(member);
            member.rejectUnknownKeys();
            if (key != null && distribution != null) {
                keys.add(key);
                distributions.add(distribution);
            }
        }
        if (keys.size() != members.size() || keys.isEmpty()) {
            return null;
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<List<JsonNode>> points = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<JsonNode> point = new ArrayList<>();
            for (Distribution distribution : distributions) {
                point.add(distribution.draw(random));
            }
            points.add(point);
        }
        return new SweepAxis(label, keys, points);
    }

    private static void checkDistinctKeys(Map<String, String> fixed, List<SweepAxis> axes, List<String> problems) {
        Map<String, String> owner = new LinkedHashMap<>();
        for (String key : fixed.keySet()) {
            owner.put(key, "set");
        }
        for (SweepAxis axis : axes) {
            for (String key : axis.keys()) {
                String previous = owner.putIfAbsent(key, axis.label());
                if (previous != null) {
                    problems.add(axis.label() + ": key " + key + " is also set by " + previous
                            + ": each key may be set in one place only");
                }
            }
        }
    }

    /** Returns the text of a YAML value in the {@code --set} syntax: JSON, which YAML reads back unchanged. */
    static String valueText(JsonNode value) {
        try {
            return value.isTextual() ? new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value)
                    : value.toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a YAML value", e);
        }
    }

    private static String defaultName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
