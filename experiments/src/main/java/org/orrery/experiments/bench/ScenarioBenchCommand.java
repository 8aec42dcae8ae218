package org.orrery.experiments.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.orrery.core.EngineKind;
import org.orrery.experiments.config.CommandLineOverrides;
import org.orrery.experiments.config.ConfigException;
import org.orrery.experiments.config.ConfigLoader;
import org.orrery.experiments.config.Experiment;
import org.orrery.experiments.run.RunResult;
import org.orrery.experiments.run.ScenarioRunner;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code orrery bench scenario CONFIG}: runs one experiment several times in this JVM after
 * warm-up runs and reports the median simulation speed. Results are not written: each run hands its
 * requests to a sink that drops them, so the time measured is the simulation alone, as in
 * {@code run.json}'s {@code wall_s}.
 */
@Command(name = "scenario",
        mixinStandardHelpOptions = true,
        description = "Runs a config several times after warm-up and prints the median wall time, simulated "
                + "seconds per wall second and events per second.")
public final class ScenarioBenchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "Experiment config (YAML).")
    private Path config;

    @Option(names = "--runs", paramLabel = "N", description = "Measured runs (default: ${DEFAULT-VALUE}).")
    private int runs = 5;

    @Option(names = "--warmup-runs", paramLabel = "N", description = "Runs before measuring (default: ${DEFAULT-VALUE}).")
    private int warmupRuns = 2;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Overrides one config key; repeatable.")
    private List<String> overrides = new ArrayList<>();

    @Option(names = "--json", description = "Print a JSON document instead of text.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        if (runs < 1 || warmupRuns < 0) {
            throw new ParameterException(spec.commandLine(), "--runs must be at least 1 and --warmup-runs at least 0, got "
                    + runs + " and " + warmupRuns);
        }
        Experiment experiment;
        try {
            experiment = ConfigLoader.bundled().load(config, null, overrides);
        } catch (ConfigException e) {
            throw CommandLineOverrides.attribute(e, overrides);
        }
        EngineKind engine = EngineKind.fromId(experiment.config().engine());
        for (int i = 0; i < warmupRuns; i++) {
            ScenarioRunner.runStreaming(experiment, engine, request -> { });
        }
        double[] wall = new double[runs];
        RunResult last = null;
        for (int i = 0; i < runs; i++) {
            last = ScenarioRunner.runStreaming(experiment, engine, request -> { });
            wall[i] = last.wallSeconds();
        }
        double[] sorted = wall.clone();
        Arrays.sort(sorted);
        double median = runs % 2 == 1 ? sorted[runs / 2] : (sorted[runs / 2 - 1] + sorted[runs / 2]) / 2;

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("config", config.toString());
        report.put("engine", engine.id());
        report.put("runs", runs);
        report.put("warmup_runs", warmupRuns);
        report.put("wall_s", wall);
        report.put("median_wall_s", median);
        report.put("simulated_s", last.simulatedSeconds());
        report.put("simulated_s_per_wall_s", last.simulatedSeconds() / median);
        report.put("events", last.events());
        report.put("events_per_s", last.events() / median);
        report.put("requests", last.statistics().finished());
        report.put("java_version", System.getProperty("java.version"));
        report.put("available_processors", Runtime.getRuntime().availableProcessors());

        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        } else {
            out.printf(Locale.ROOT, "%s on %s: %d requests, %.0f simulated s, %,d events%n", config, engine.id(),
                    last.statistics().finished(), last.simulatedSeconds(), last.events());
            StringBuilder runs = new StringBuilder();
            for (double seconds : wall) {
                runs.append(runs.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", seconds));
            }
            out.printf(Locale.ROOT, "  wall s per run  %s%n", runs);
            out.printf(Locale.ROOT, "  median          %.3f s wall, %.0f simulated s per wall s, %.0f events/s%n",
                    median, last.simulatedSeconds() / median, last.events() / median);
        }
        out.flush();
        return 0;
    }
}
