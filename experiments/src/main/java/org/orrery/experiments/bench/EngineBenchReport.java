package org.orrery.experiments.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.orrery.core.EngineKind;

/** Formats engine benchmark results as a plain-text table or as a JSON document. */
final class EngineBenchReport {
    private final List<EngineBenchmark.Result> results;
    private final long warmupEvents;
    private final long measuredEvents;
    private final long seed;

    EngineBenchReport(List<EngineBenchmark.Result> results, long warmupEvents, long measuredEvents, long seed) {
        this.results = List.copyOf(results);
        this.warmupEvents = warmupEvents;
        this.measuredEvents = measuredEvents;
        this.seed = seed;
    }

    /** Returns the pending-event counts whose engines produced different checksums. */
    List<Integer> pendingCountsWithChecksumMismatch() {
        List<Integer> mismatches = new ArrayList<>();
        for (int pending : pendingCounts()) {
            Set<String> checksums = new LinkedHashSet<>();
            for (EngineBenchmark.Result result : results) {
                if (result.pendingEvents() == pending) {
                    checksums.add(result.checksum());
                }
            }
            if (checksums.size() > 1) {
                mismatches.add(pending);
            }
        }
        return mismatches;
    }

    /** Returns the table printed without {@code --json}. */
    String toTable() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT,
                "Engine benchmark: hold model, exponential delays (mean 1 s), seed %d, %d warm-up and >= %d measured events%n%n",
                seed, warmupEvents, measuredEvents));
        text.append(String.format(Locale.ROOT, "%9s  %-20s %10s %12s %14s %12s  %s%n",
                "pending", "engine", "events", "events/s", "events/cpu-s", "bytes/event", "checksum"));
        for (EngineBenchmark.Result result : results) {
            text.append(String.format(Locale.ROOT, "%9d  %-20s %10d %12.0f %14.0f %12.1f  %s%n",
                    result.pendingEvents(), result.engine().id(), result.measuredEvents(), result.eventsPerSecond(),
                    result.eventsPerCpuSecond(), result.allocatedBytesPerEvent(), result.checksum()));
        }
        text.append(System.lineSeparator());
        for (int pending : pendingCounts()) {
            text.append(String.format(Locale.ROOT,
                    "orrery / dsol-stock at %d pending: %.2f (wall-clock), %.2f (CPU time)%n",
                    pending, ratioVsDsolStock(pending), cpuRatioVsDsolStock(pending)));
        }
        return text.toString();
    }

    /** Returns the JSON document printed with {@code --json}, pretty-printed. */
    String toJson() throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("benchmark", "engine-hold");

        ObjectNode settings = root.putObject("settings");
        settings.put("seed", seed);
        settings.put("warmup_events", warmupEvents);
        settings.put("measured_events", measuredEvents);
        settings.put("mean_delay_s", 1.0);

        var resultArray = root.putArray("results");
        for (EngineBenchmark.Result result : results) {
            ObjectNode node = resultArray.addObject();
            node.put("pending", result.pendingEvents());
            node.put("engine", result.engine().id());
            node.put("events", result.measuredEvents());
            node.put("elapsed_s", result.elapsedSeconds());
            node.put("events_per_s", result.eventsPerSecond());
            putFinite(node, "cpu_s", result.cpuSeconds());
            putFinite(node, "events_per_cpu_s", result.eventsPerCpuSecond());
            putFinite(node, "allocated_bytes_per_event", result.allocatedBytesPerEvent());
            node.put("checksum", result.checksum());
        }

        ObjectNode ratios = root.putObject("ratio_vs_dsol_stock");
        ObjectNode cpuRatios = root.putObject("cpu_time_ratio_vs_dsol_stock");
        ObjectNode bytesPerEvent = root.putObject("allocated_bytes_per_event");
        for (int pending : pendingCounts()) {
            ratios.put(Integer.toString(pending), ratioVsDsolStock(pending));
            putFinite(cpuRatios, Integer.toString(pending), cpuRatioVsDsolStock(pending));
            ObjectNode perEngine = bytesPerEvent.putObject(Integer.toString(pending));
            for (EngineBenchmark.Result result : results) {
                if (result.pendingEvents() == pending) {
                    putFinite(perEngine, result.engine().id(), result.allocatedBytesPerEvent());
                }
            }
        }
        root.put("checksums_match", pendingCountsWithChecksumMismatch().isEmpty());
        root.set("machine", machine(mapper));
        return mapper.writeValueAsString(root) + System.lineSeparator();
    }

    /** Stores {@code value}, or null where the JVM did not report the measurement (NaN). */
    private static void putFinite(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }

    private double ratioVsDsolStock(int pending) {
        return find(pending, EngineKind.ORRERY).eventsPerSecond() / find(pending, EngineKind.DSOL_STOCK).eventsPerSecond();
    }

    private double cpuRatioVsDsolStock(int pending) {
        return find(pending, EngineKind.ORRERY).eventsPerCpuSecond()
                / find(pending, EngineKind.DSOL_STOCK).eventsPerCpuSecond();
    }

    private EngineBenchmark.Result find(int pending, EngineKind engine) {
        for (EngineBenchmark.Result result : results) {
            if (result.pendingEvents() == pending && result.engine() == engine) {
                return result;
            }
        }
        throw new IllegalStateException("no " + engine.id() + " result for " + pending + " pending events");
    }

    private List<Integer> pendingCounts() {
        Set<Integer> counts = new LinkedHashSet<>();
        for (EngineBenchmark.Result result : results) {
            counts.add(result.pendingEvents());
        }
        return List.copyOf(counts);
    }

    private static ObjectNode machine(ObjectMapper mapper) {
        Runtime runtime = Runtime.getRuntime();
        ObjectNode machine = mapper.createObjectNode();
        machine.put("cpu_model", cpuModel());
        machine.put("available_processors", runtime.availableProcessors());
        machine.put("max_heap_bytes", runtime.maxMemory());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        machine.put("java_vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        machine.put("java_vendor", System.getProperty("java.vendor"));
        machine.put("date_utc", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return machine;
    }

    /** Returns the first "model name" of /proc/cpuinfo, or "unknown" where that file does not exist. */
    private static String cpuModel() {
        Path cpuInfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuInfo)) {
            return "unknown";
        }
        try {
            for (String line : Files.readAllLines(cpuInfo)) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "unknown";
    }
}
