package org.orrery.experiments.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.orrery.core.EngineKind;
import org.orrery.experiments.OrreryVersion;
import org.orrery.experiments.config.Experiment;
import org.orrery.experiments.run.RunProgress;
import org.orrery.experiments.run.RunResult;
import org.orrery.experiments.run.ScenarioRunner;

/**
 * Writes the result folder of a run: {@code summary.json}, {@code requests.csv},
 * {@code timeseries.csv}, {@code resolved-config.yaml}, {@code run.json} and {@code figures/}.
 * All files but {@code run.json} (wall time, heap) depend only on the config and seed.
 */
public final class ResultWriter {
    /** Names of the files a run writes at the top of its folder. */
    public static final List<String> RESULT_FILES = List.of("summary.json", "requests.csv", "timeseries.csv",
            "resolved-config.yaml", "run.json");
    /** Folder of a run's figures, below its result folder. */
    public static final String FIGURES_FOLDER = "figures";
    /** Names of the figures a run draws, each written as PNG, SVG and PDF. */
    public static final List<String> FIGURES = List.of("latency_cdf", "power");
    /** Extensions of every figure file. */
    public static final List<String> FIGURE_EXTENSIONS = List.of("png", "svg", "pdf");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultWriter() {
    }

    /**
     * Runs {@code experiment} on the engine its config names, streaming {@code requests.csv} as
     * requests finish, then writes the other result files. Memory stays bounded by the requests in
     * flight, whatever the trace length.
     */
    public static Written runAndWrite(Experiment experiment, Path directory) throws IOException {
        return runAndWrite(experiment, directory, RunProgress.NONE);
    }

    /** Runs and writes like {@link #runAndWrite(Experiment, Path)}, reporting progress as arrivals go on. */
    public static Written runAndWrite(Experiment experiment, Path directory, RunProgress progress) throws IOException {
        Files.createDirectories(directory);
        EngineKind engine = EngineKind.fromId(experiment.config().engine());
        RunResult result;
        if (experiment.config().output().requests()) {
            try (RequestsCsv requests = new RequestsCsv(directory.resolve("requests.csv"))) {
                result = ScenarioRunner.runStreaming(experiment, engine, requests, progress);
            }
        } else {
            result = ScenarioRunner.runStreaming(experiment, engine, request -> { }, progress);
        }
        return new Written(result, write(result, directory));
    }

    /**
     * Writes every result file of {@code result} into {@code directory}, creating it, and returns the
     * summary. {@code requests.csv} is written from {@link RunResult#requests()} when the run kept
     * its requests; a streaming run has written it already. With {@code output.requests: false}
     * there is no {@code requests.csv}.
     */
    public static Map<String, Object> write(RunResult result, Path directory) throws IOException {
        Files.createDirectories(directory);
        Map<String, Object> summary = Summary.of(result);
        JSON.writeValue(directory.resolve("summary.json").toFile(), summary);
        boolean writeRequests = result.experiment().config().output().requests();
        if (writeRequests
                && (!result.requests().isEmpty() || !Files.exists(directory.resolve("requests.csv")))) {
            try (RequestsCsv requests = new RequestsCsv(directory.resolve("requests.csv"))) {
                result.requests().forEach(requests::requestFinished);
            }
        }
        List<TimeseriesCsv.Row> rows = TimeseriesCsv.rows(result);
        TimeseriesCsv.write(directory.resolve("timeseries.csv"), rows);
        Files.writeString(directory.resolve("resolved-config.yaml"), result.experiment().resolvedYaml(),
                StandardCharsets.UTF_8);
        JSON.writeValue(directory.resolve("run.json").toFile(), manifest(result));
        if (result.experiment().config().output().figures()) {
            Path figures = directory.resolve(FIGURES_FOLDER);
            Files.createDirectories(figures);
            Figures.latencyCdf(figures, result.statistics());
            Figures.power(figures, rows);
        }
        return summary;
    }

    /**
     * A run and its summary.
     *
     * @param result the run
     * @param summary the tree written to {@code summary.json}
     */
    public record Written(RunResult result, Map<String, Object> summary) {
    }

    /** Returns the manifest written to {@code run.json}. */
    public static Map<String, Object> manifest(RunResult result) {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("orrery_version", OrreryVersion.get());
        manifest.put("config", String.valueOf(result.experiment().configFile()));
        manifest.put("seed", result.experiment().config().seed());
        manifest.put("engine", result.engine().id());
        manifest.put("wall_s", result.wallSeconds());
        manifest.put("simulated_s", result.simulatedSeconds());
        manifest.put("simulated_s_per_wall_s", result.simulatedSeconds() / result.wallSeconds());
        manifest.put("events", result.events());
        manifest.put("events_per_s", result.events() / result.wallSeconds());
        manifest.put("peak_heap_bytes", result.peakHeapBytes());
        manifest.put("java_version", System.getProperty("java.version"));
        manifest.put("available_processors", Runtime.getRuntime().availableProcessors());
        return manifest;
    }
}
