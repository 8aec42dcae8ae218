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

import org.orrery.experiments.OrreryVersion;
import org.orrery.experiments.run.RunResult;

/**
 * Writes the result folder of a run: {@code summary.json}, {@code requests.csv},
 * {@code timeseries.csv}, {@code resolved-config.yaml}, {@code run.json} and {@code figures/}.
 * All files but {@code run.json} (wall time, heap) depend only on the config and seed.
 */
public final class ResultWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultWriter() {
    }

    /** Writes every result file of {@code result} into {@code directory}, creating it, and returns the summary. */
    public static Map<String, Object> write(RunResult result, Path directory) throws IOException {
        Files.createDirectories(directory);
        Map<String, Object> summary = Summary.of(result);
        JSON.writeValue(directory.resolve("summary.json").toFile(), summary);
        RequestsCsv.write(directory.resolve("requests.csv"), result.requests());
        List<TimeseriesCsv.Row> rows = TimeseriesCsv.rows(result);
        TimeseriesCsv.write(directory.resolve("timeseries.csv"), rows);
        Files.writeString(directory.resolve("resolved-config.yaml"), result.experiment().resolvedYaml(),
                StandardCharsets.UTF_8);
        JSON.writeValue(directory.resolve("run.json").toFile(), manifest(result));
        if (result.experiment().config().output().figures()) {
            Path figures = directory.resolve("figures");
            Files.createDirectories(figures);
            Figures.latencyCdf(figures, result.requests());
            Figures.power(figures, rows);
        }
        return summary;
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
