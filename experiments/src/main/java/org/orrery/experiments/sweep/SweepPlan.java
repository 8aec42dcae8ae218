package org.orrery.experiments.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.orrery.experiments.config.ConfigException;
import org.orrery.experiments.config.ConfigLoader;
import org.orrery.experiments.config.Experiment;

/**
 * A sweep expanded into scenarios and runs. Scenarios are the Cartesian product of the axes in
 * file order (the first axis varies slowest). Runs are every scenario with every seed, scenario
 * by scenario.
 *
 * @param spec the sweep file
 * @param scenarios the scenarios, in expansion order
 * @param runs the runs, in expansion order
 */
public record SweepPlan(SweepSpec spec, List<Scenario> scenarios, List<RunTask> runs) {
    /** The number of scenario ids a shared problem lists before it only counts the rest. */
    private static final int MAX_LISTED_SCENARIOS = 10;

    /** Expands {@code spec} without loading the base config. */
    public static SweepPlan expand(SweepSpec spec) {
        List<List<Integer>> indices = new ArrayList<>();
        indices.add(List.of());
        for (SweepAxis axis : spec.axes()) {
            List<List<Integer>> next = new ArrayList<>();
            for (List<Integer> prefix : indices) {
                for (int i = 0; i < axis.points().size(); i++) {
                    List<Integer> combined = new ArrayList<>(prefix);
                    combined.add(i);
                    next.add(combined);
                }
            }
            indices = next;
        }

        int width = Math.max(3, String.valueOf(indices.size() - 1).length());
        List<String> fixed = new ArrayList<>();
        spec.fixed().forEach((key, value) -> fixed.add(key + "=" + value));
        List<Scenario> scenarios = new ArrayList<>();
        for (int s = 0; s < indices.size(); s++) {
            Map<String, String> assignments = new LinkedHashMap<>();
            List<String> overrides = new ArrayList<>(fixed);
            for (int a = 0; a < spec.axes().size(); a++) {
                SweepAxis axis = spec.axes().get(a);
                List<JsonNode> point = axis.points().get(indices.get(s).get(a));
                for (int k = 0; k < axis.keys().size(); k++) {
                    JsonNode value = point.get(k);
                    assignments.put(axis.keys().get(k), value.isValueNode() ? value.asText() : value.toString());
                    overrides.add(axis.keys().get(k) + "=" + SweepSpec.valueText(value));
                }
            }
            String id = String.format(java.util.Locale.ROOT, "%0" + width + "d", s);
            scenarios.add(new Scenario(id, assignments, overrides));
        }

        List<RunTask> runs = new ArrayList<>();
        String base = spec.baseConfig() == null ? null : spec.baseConfig().toAbsolutePath().toString();
        for (Scenario scenario : scenarios) {
            for (long seed : spec.seeds()) {
                runs.add(new RunTask(scenario, seed, base));
            }
        }
        return new SweepPlan(spec, scenarios, runs);
    }

    /** Returns the axis key paths, in the order of the columns of the result tables. */
    public List<String> axisKeys() {
        List<String> keys = new ArrayList<>();
        for (SweepAxis axis : spec.axes()) {
            keys.addAll(axis.keys());
        }
        return keys;
    }

    /**
     * Loads the base config with every scenario's overrides and reports every problem at once, each
     * prefixed with the scenarios that show it. A problem of the base config itself is reported once.
     * So is a problem that several scenarios share word for word, such as a misspelled axis key.
     *
     * @throws ConfigException listing every problem
     */
    public void validate(ConfigLoader loader) {
        String baseText = readBase();
        List<String> problems = new ArrayList<>();
        List<String> baseProblems = problemsOf(loader, baseText, spec.fixedOverrides());
        for (String problem : baseProblems) {
            problems.add("base " + spec.file().getParent().relativize(spec.baseConfig()) + ": " + problem);
        }
        if (baseProblems.isEmpty()) {
            Map<String, List<Scenario>> scenariosByProblem = new LinkedHashMap<>();
            for (Scenario scenario : scenarios) {
                for (String problem : problemsOf(loader, baseText, scenario.overrides())) {
                    scenariosByProblem.computeIfAbsent(problem, key -> new ArrayList<>()).add(scenario);
                }
            }
            scenariosByProblem.forEach((problem, shownBy) -> problems.add(prefixFor(shownBy) + ": " + problem));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(spec.file().toString(), new ArrayList<>(new LinkedHashSet<>(problems)));
        }
    }

    /**
     * Returns the prefix naming the scenarios that show a problem: one scenario with its values,
     * {@code every scenario (N)}, or up to 10 ids and a count of the rest.
     */
    private String prefixFor(List<Scenario> shownBy) {
        if (shownBy.size() == 1) {
            return shownBy.get(0).describe();
        }
        if (shownBy.size() == scenarios.size()) {
            return "every scenario (" + scenarios.size() + ")";
        }
        List<String> ids = new ArrayList<>();
        for (Scenario scenario : shownBy.subList(0, Math.min(shownBy.size(), MAX_LISTED_SCENARIOS))) {
            ids.add(scenario.id());
        }
        String rest = shownBy.size() > MAX_LISTED_SCENARIOS
                ? " and " + (shownBy.size() - MAX_LISTED_SCENARIOS) + " more" : "";
        return "scenarios " + String.join(", ", ids) + rest;
    }

    /** Loads the experiment of one run. */
    public static Experiment experiment(ConfigLoader loader, RunTask task) {
        Path base = Path.of(task.baseConfig());
        String text;
        try {
            text = Files.readString(base);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the base config " + base, e);
        }
        return loader.parse(base.toString(), text, base.getParent(), task.seed(), task.scenario().overrides(), base);
    }

    private List<String> problemsOf(ConfigLoader loader, String baseText, List<String> overrides) {
        Path base = spec.baseConfig();
        try {
            loader.parse(base.toString(), baseText, base.getParent(), spec.seeds().get(0), overrides, base);
            return List.of();
        } catch (ConfigException e) {
            return e.problems();
        }
    }

    private String readBase() {
        try {
            return Files.readString(spec.baseConfig());
        } catch (IOException e) {
            throw new ConfigException(spec.file().toString(), List.of("base: cannot read " + spec.baseConfig() + ": "
                    + e.getMessage()));
        }
    }
}
