package org.orrery.experiments.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.orrery.experiments.OrreryVersion;

/**
 * {@code sweep.json}: what a sweep folder contains (name, base config, seeds, axis keys and every
 * scenario with its overrides). {@code --resume} compares it with the sweep being run, so a folder
 * is never continued with a different sweep. Notebooks read the axis keys from it.
 */
public final class SweepManifest {
    /** File name in the sweep folder. */
    public static final String FILE = "sweep.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SweepManifest() {
    }

    /** Returns the manifest of {@code plan}. */
    public static Map<String, Object> of(SweepPlan plan) {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("name", plan.spec().name());
        manifest.put("orrery_version", OrreryVersion.get());
        manifest.put("base", String.valueOf(plan.spec().baseConfig()));
        manifest.put("seeds", plan.spec().seeds());
        manifest.put("axes", plan.axisKeys());
        manifest.put("fixed", plan.spec().fixedOverrides());
        List<Map<String, Object>> scenarios = new ArrayList<>();
        for (Scenario scenario : plan.scenarios()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", scenario.id());
            entry.put("assignments", scenario.assignments());
            entry.put("overrides", scenario.overrides());
            scenarios.add(entry);
        }
        manifest.put("scenarios", scenarios);
        return manifest;
    }

    /** Writes the manifest of {@code plan} atomically. */
    public static void write(SweepPlan plan, Path directory) throws IOException {
        AtomicFiles.writeString(directory.resolve(FILE), JSON.writeValueAsString(of(plan)) + "\n");
    }

    /**
     * Returns a description of how the manifest in {@code directory} differs from {@code plan}
     * (seeds or scenarios), or null when they match or no manifest exists.
     */
    public static String difference(SweepPlan plan, Path directory) throws IOException {
        Path file = directory.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        JsonNode stored = JSON.readTree(file.toFile());
        // Round trip through text, so that numbers compare by value and not by Java type (long versus int).
        JsonNode current = JSON.readTree(JSON.writeValueAsString(of(plan)));
        Map<String, String> described = new LinkedHashMap<>();
        described.put("seeds", "seeds");
        described.put("axes", "axis keys");
        described.put("fixed", "fixed overrides (set:)");
        described.put("scenarios", "scenarios");
        for (Map.Entry<String, String> key : described.entrySet()) {
            if (!current.get(key.getKey()).equals(stored.get(key.getKey()))) {
                return "its " + key.getValue() + " differ from the sweep's";
            }
        }
        return null;
    }
}
