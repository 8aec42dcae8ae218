package org.orrery.experiments.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.orrery.experiments.config.Experiment;
import org.orrery.experiments.config.ExperimentConfig;
import org.orrery.experiments.config.ModelCatalog;
import org.orrery.experiments.run.RunResult;
import org.orrery.experiments.run.ScenarioRunner;
import org.orrery.hardware.AcceleratorSpec;
import org.orrery.hardware.HardwareCatalog;
import org.orrery.model.cluster.NodeGroup;
import org.orrery.model.inference.IterationBatch;
import org.orrery.model.inference.LlmRequest;
import org.orrery.model.inference.ModelSpec;
import org.orrery.model.inference.RequestStatus;
import org.orrery.model.inference.RooflineParameters;
import org.orrery.model.inference.ServingLimits;
import org.orrery.model.power.GpuPowerModel;
import org.orrery.traces.TraceSource;
import org.orrery.traces.profiles.VllmRequestLog;

/**
 * Compares Orrery's predictions with bundled measurements and returns one {@link
 * FidelityComparison} per metric. The measurements are in {@code validation/} next to this
 * package's resources, each folder with its provenance.
 *
 * <ul>
 *   <li>Real vLLM 0.19.0 runs (LLMServingSim 2.0's examples): the same 300 requests with their
 *       recorded arrival times and engine limits, served by the profile model of the same GPU with
 *       chunked prefill, as the V1 engine does.
 *   <li>Prefill and decode times of Llama-2-70B and BLOOM-176B on DGX-A100 and DGX-H100
 *       (splitwise-sim), against the roofline with its default parameters and with parameters
 *       fitted to the measurements (see {@link #splitwise()}).
 *   <li>Average GPU power, energy per output token and step time of Llama-3.1-8B and 70B on H100
 *       (ML.ENERGY benchmark v3, lm-arena-chat), see {@link MlEnergyFidelity}.
 * </ul>
 */
public final class FidelityBenchmark {
    private static final String VALIDATION = "/org/orrery/experiments/validation/";
    private static final Pattern INTEGER_KEY = Pattern.compile("\"(max_num_seqs|max_num_batched_tokens|num_gpu_blocks|"
            + "block_size)\"\\s*:\\s*(\\d+)");

    private FidelityBenchmark() {
    }

    /** Runs every comparison. */
    public static List<FidelityComparison> runAll() {
        List<FidelityComparison> comparisons = new ArrayList<>();
        comparisons.addAll(vllmRun("RTXPRO6000", "RTX-PRO-6000-Blackwell-96GB", "PCIe-8xRTX-PRO-6000"));
        comparisons.addAll(vllmRun("RTX4090", "RTX-4090-24GB", "Workstation-1xRTX4090"));
        comparisons.addAll(splitwise());
        comparisons.addAll(MlEnergyFidelity.comparisons());
        comparisons.addAll(PowerCapFidelity.run());
        return comparisons;
    }

    /** Replays one real vLLM run through {@link ScenarioRunner} and compares latency statistics. */
    static List<FidelityComparison> vllmRun(String hardware, String gpuName, String serverName) {
        String folder = VALIDATION + "llmservingsim/" + hardware + "-Llama-3.1-8B/";
        List<VllmRequestLog.Entry> measured;
        try (BufferedReader reader = open(folder + "requests.jsonl")) {
            measured = VllmRequestLog.read(reader, "bundled validation " + hardware + " requests.jsonl");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Integer> engine = engineSettings(folder + "meta.json");

        ModelSpec model = ModelCatalog.bundled().find("Llama-3.1-8B");
        AcceleratorSpec gpu = HardwareCatalog.bundled().accelerator(gpuName);
        double utilization = 0.9;
        Integer blocks = engine.get("num_gpu_blocks");
        if (blocks != null) {
            // vLLM reserves activation and CUDA-graph memory that Orrery does not model; matching its
            // reported block count reproduces the KV cache the real run had.
            double kvBytes = blocks * engine.getOrDefault("block_size", 16) * model.kvBytesPerToken();
            utilization = (kvBytes + model.weightBytes()) / gpu.memoryBytes();
        }
        ServingLimits limits = new ServingLimits(engine.get("max_num_seqs"), engine.get("max_num_batched_tokens"),
                utilization, engine.getOrDefault("block_size", 16), true);

        Path trace = writeAzureTrace(measured);
        try {
            Experiment experiment = experiment(hardware, model, gpu, serverName, limits, trace);
            RunResult result = ScenarioRunner.run(experiment);
            return compareLatencies("vllm " + hardware + " Llama-3.1-8B", measured, result.requests());
        } finally {
            try {
                Files.deleteIfExists(trace);
            } catch (IOException e) {
                // A leftover temporary file is harmless.
            }
        }
    }

    private static Experiment experiment(String hardware, ModelSpec model, AcceleratorSpec gpu, String serverName,
            ServingLimits limits, Path trace) {
        ExperimentConfig.PerformanceConfig performance = new ExperimentConfig.PerformanceConfig("profile",
                "bundled:llmservingsim-" + hardware + "-Llama-3.1-8B-tp1", 0.0, true, true);
        ExperimentConfig.ServingConfig serving = new ExperimentConfig.ServingConfig(gpu.name(), 1, 1,
                "round-robin", limits, RooflineParameters.DEFAULTS, performance);
        ExperimentConfig config = new ExperimentConfig("fidelity-" + hardware, 1, "orrery",
                List.of(new ExperimentConfig.NodeGroupConfig(serverName, 1)),
                new ExperimentConfig.ModelConfig(model.name(), false, 0, 0, 0, 0, 0, 2, 2, 0), serving,
                new ExperimentConfig.TraceConfig(trace.toString(), null, null, 0),
                new ExperimentConfig.PowerConfig(1.0, GpuPowerModel.DEFAULT_PREFILL_FRACTION,
                        GpuPowerModel.DEFAULT_DECODE_FRACTION, GpuPowerModel.DEFAULT_DECODE_SATURATED_FRACTION,
                        GpuPowerModel.DEFAULT_HALF_SATURATION_BATCH),
                new ExperimentConfig.CarbonConfig(0, null, "direct"), new ExperimentConfig.OutputConfig(60, false));
        List<NodeGroup> nodes = List.of(new NodeGroup(HardwareCatalog.bundled().server(serverName), 1));
        return new Experiment(config, null, "", nodes, gpu, model, TraceSource.ofPath(trace), null);
    }

    /** Writes the recorded arrivals as an Azure-format trace, the format {@link ScenarioRunner} replays. */
    private static Path writeAzureTrace(List<VllmRequestLog.Entry> entries) {
        DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSS", Locale.ROOT)
                .withZone(ZoneOffset.UTC);
        List<VllmRequestLog.Entry> sorted = new ArrayList<>(entries);
        sorted.sort((a, b) -> Double.compare(a.queuedSeconds(), b.queuedSeconds()));
        double firstQueued = sorted.get(0).queuedSeconds();
        Instant origin = Instant.parse("2026-01-01T00:00:00Z");
        try {
            Path file = Files.createTempFile("orrery-fidelity-", ".csv");
            try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                writer.write("TIMESTAMP,ContextTokens,GeneratedTokens\n");
                for (VllmRequestLog.Entry entry : sorted) {
                    long nanos = Math.round((entry.queuedSeconds() - firstQueued) * 1e9);
                    writer.write(format.format(origin.plusNanos(nanos)) + "," + entry.promptTokens() + ","
                            + entry.outputTokens() + "\n");
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the temporary trace of the fidelity benchmark", e);
        }
    }

    private static List<FidelityComparison> compareLatencies(String name, List<VllmRequestLog.Entry> measured,
            List<LlmRequest> simulated) {
        double[][] real = new double[3][measured.size()];
        for (int i = 0; i < measured.size(); i++) {
            real[0][i] = measured.get(i).ttftSeconds();
            real[1][i] = measured.get(i).tpotSeconds();
            real[2][i] = measured.get(i).endToEndSeconds();
        }
        List<LlmRequest> completed = simulated.stream().filter(r -> r.status() == RequestStatus.COMPLETED).toList();
        double[][] sim = new double[3][completed.size()];
        for (int i = 0; i < completed.size(); i++) {
            sim[0][i] = completed.get(i).ttftSeconds();
            sim[1][i] = completed.get(i).tpotSeconds();
            sim[2][i] = completed.get(i).endToEndSeconds();
        }
        String[] metrics = {"ttft", "tpot", "e2e"};
        double[] targets = {0.20, 0.10, 0.10};
        List<FidelityComparison> comparisons = new ArrayList<>();
        comparisons.add(new FidelityComparison(name, "completed_requests",
                Math.abs(completed.size() - measured.size()) / (double) measured.size(), 0.0));
        for (int m = 0; m < 3; m++) {
            double[] r = finite(real[m]);
            double[] s = finite(sim[m]);
            comparisons.add(new FidelityComparison(name, metrics[m] + "_mean", relative(mean(s), mean(r)), targets[m]));
            for (int p : new int[] {50, 90, 99}) {
                comparisons.add(new FidelityComparison(name, metrics[m] + "_p" + p,
                        relative(percentile(s, p), percentile(r, p)), targets[m]));
            }
        }
        return comparisons;
    }

    /**
     * Prefill and decode of Llama-2-70B (TP 2, 4 and 8) and BLOOM-176B (TP 8) on DGX-A100 and
     * DGX-H100, batch 1 to 64. Three comparisons per GPU, model and phase: the roofline with its
     * default parameters; the roofline fitted to that GPU and model (in-sample); and the roofline
     * fitted to the same GPU's other model (held out). Configurations whose measured prefill is
     * faster than the GPUs' peak FLOP/s allow are left out as measurement errors.
     */
    static List<FidelityComparison> splitwise() {
        Map<String, List<double[]>> runs = readSplitwise();
        ModelCatalog models = ModelCatalog.bundled();
        Map<String, ModelSpec> modelsById = Map.of("llama2-70b", models.find("Llama-2-70B"), "bloom-176b",
                models.find("BLOOM-176B"));
        Map<String, String> gpusById = Map.of("a100-80gb", "A100-SXM4-80GB", "h100-80gb", "H100-SXM5-80GB");

        Map<String, List<RooflineCalibration.Measurement>> prefills = new LinkedHashMap<>();
        Map<String, List<RooflineCalibration.Measurement>> decodes = new LinkedHashMap<>();
        for (Map.Entry<String, List<double[]>> run : runs.entrySet()) {
            String[] key = run.getKey().split(",");
            ModelSpec model = modelsById.get(key[0]);
            AcceleratorSpec gpu = HardwareCatalog.bundled().accelerator(gpusById.get(key[1]));
            int tensorParallel = Integer.parseInt(key[2]);
            int prompt = Integer.parseInt(key[3]);
            int batchSize = Integer.parseInt(key[4]);
            int output = Integer.parseInt(key[5]);
            double measuredPrefill = median(run.getValue(), 0);
            double peakBoundSeconds = 2.0 * model.activeParameterCount() * prompt * batchSize
                    / (tensorParallel * gpu.denseTensorFlopsPerSecond());
            IterationBatch prefill = new IterationBatch();
            IterationBatch decode = new IterationBatch();
            for (int i = 0; i < batchSize; i++) {
                prefill.addPrefill(prompt, 0);
                decode.addDecode(prompt + output / 2);
            }
            String group = key[0] + "," + key[1];
            if (measuredPrefill >= peakBoundSeconds) {
                prefills.computeIfAbsent(group, g -> new ArrayList<>())
                        .add(new RooflineCalibration.Measurement(prefill, tensorParallel, measuredPrefill));
            }
            decodes.computeIfAbsent(group, g -> new ArrayList<>())
                    .add(new RooflineCalibration.Measurement(decode, tensorParallel, median(run.getValue(), 1)));
        }

        Map<String, RooflineParameters> fitted = new LinkedHashMap<>();
        for (String group : decodes.keySet()) {
            String[] key = group.split(",");
            List<RooflineCalibration.Measurement> all = new ArrayList<>(prefills.getOrDefault(group, List.of()));
            all.addAll(decodes.get(group));
            fitted.put(group, RooflineCalibration.fit(modelsById.get(key[0]),
                    HardwareCatalog.bundled().accelerator(gpusById.get(key[1])), all));
        }

        List<FidelityComparison> comparisons = new ArrayList<>();
        for (String group : decodes.keySet()) {
            String[] key = group.split(",");
            ModelSpec model = modelsById.get(key[0]);
            AcceleratorSpec gpu = HardwareCatalog.bundled().accelerator(gpusById.get(key[1]));
            String other = (key[0].equals("llama2-70b") ? "bloom-176b" : "llama2-70b") + "," + key[1];
            String name = "splitwise-sim " + model.name() + " " + key[1];
            for (String phase : new String[] {"prefill", "decode"}) {
                List<RooflineCalibration.Measurement> data = phase.equals("prefill") ? prefills.get(group)
                        : decodes.get(group);
                comparisons.add(new FidelityComparison(name, phase + "_mape_default", RooflineCalibration.meanError(
                        model, gpu, RooflineParameters.DEFAULTS, data), 0.10));
                comparisons.add(new FidelityComparison(name, phase + "_mape_fitted", RooflineCalibration.meanError(
                        model, gpu, fitted.get(group), data), 0.10));
                if (fitted.containsKey(other)) {
                    comparisons.add(new FidelityComparison(name, phase + "_mape_held_out", RooflineCalibration.meanError(
                            model, gpu, fitted.get(other), data), 0.10));
                }
            }
        }
        return comparisons;
    }

    /** Returns the (prefill, decode) seconds of every A100 and H100 run, keyed by model, GPU, TP, prompt, batch, output. */
    private static Map<String, List<double[]>> readSplitwise() {
        Map<String, List<double[]>> runs = new LinkedHashMap<>();
        try (BufferedReader reader = open(VALIDATION + "splitwise-sim/perf_model.csv")) {
            reader.readLine();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] cells = line.split(",");
                double prefill = Double.parseDouble(cells[7]) / 1e3;
                // Power-capped runs (h100-80gb-pcap) and rows without timings are not compared.
                if (prefill <= 0 || !(cells[1].equals("a100-80gb") || cells[1].equals("h100-80gb"))) {
                    continue;
                }
                String key = String.join(",", cells[0], cells[1], cells[10], cells[2], cells[3], cells[4]);
                runs.computeIfAbsent(key, k -> new ArrayList<>()).add(new double[] {prefill,
                        Double.parseDouble(cells[8]) / 1e3});
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return runs;
    }

    private static Map<String, Integer> engineSettings(String resource) {
        Map<String, Integer> settings = new LinkedHashMap<>();
        try (BufferedReader reader = open(resource)) {
            StringBuilder text = new StringBuilder();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                text.append(line).append('\n');
            }
            Matcher matcher = INTEGER_KEY.matcher(text);
            while (matcher.find()) {
                settings.putIfAbsent(matcher.group(1), Integer.parseInt(matcher.group(2)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return settings;
    }

    private static BufferedReader open(String resource) throws IOException {
        InputStream stream = FidelityBenchmark.class.getResourceAsStream(resource);
        if (stream == null) {
            throw new IOException("bundled validation resource " + resource + " is missing; rebuild the jar");
        }
        return new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
    }

    static double relative(double predicted, double measured) {
        return Math.abs(predicted - measured) / Math.abs(measured);
    }

    private static double[] finite(double[] values) {
        return Arrays.stream(values).filter(Double::isFinite).toArray();
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }

    /** Returns the percentile with linear interpolation between order statistics (numpy's default). */
    static double percentile(double[] values, double percent) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double position = percent / 100.0 * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(lower + 1, sorted.length - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }

    private static double median(List<double[]> runs, int column) {
        double[] values = runs.stream().mapToDouble(run -> run[column]).toArray();
        return percentile(values, 50);
    }
}
