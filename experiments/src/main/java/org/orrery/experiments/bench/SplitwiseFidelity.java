package org.orrery.experiments.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.orrery.experiments.config.ModelCatalog;
import org.orrery.hardware.AcceleratorSpec;
import org.orrery.hardware.HardwareCatalog;
import org.orrery.model.inference.IterationBatch;
import org.orrery.model.inference.ModelSpec;
import org.orrery.model.inference.RooflineParameters;

/**
 * Prefill and decode of Llama-2-70B (TP 2, 4 and 8) and BLOOM-176B (TP 8) on DGX-A100 and
 * DGX-H100, batch 1 to 64, measured by splitwise-sim ({@code validation/splitwise-sim/} in this
 * package's resources, with its provenance). Three comparisons per GPU, model and phase: the
 * roofline with its default parameters; the roofline fitted to that GPU and model by {@link
 * RooflineCalibration} (in-sample); and the roofline fitted to the same GPU's other model (held
 * out). Configurations whose measured prefill is faster than the GPUs' peak FLOP/s allow are left
 * out of the prefill comparison as measurement errors.
 */
final class SplitwiseFidelity {
    private static final String CSV = "/org/orrery/experiments/validation/splitwise-sim/perf_model.csv";
    private static final Map<String, String> MODELS = Map.of("llama2-70b", "Llama-2-70B", "bloom-176b", "BLOOM-176B");
    private static final Map<String, String> GPUS = Map.of("a100-80gb", "A100-SXM4-80GB", "h100-80gb",
            "H100-SXM5-80GB");

    /**
     * The measured prefills and decode steps of one model on one GPU.
     *
     * @param modelId splitwise-sim's model name, such as {@code llama2-70b}
     * @param gpuId splitwise-sim's hardware name, such as {@code a100-80gb}
     */
    record Group(String modelId, String gpuId, ModelSpec model, AcceleratorSpec gpu,
            List<RooflineCalibration.Measurement> prefills, List<RooflineCalibration.Measurement> decodes) {
        /** Returns the prefill and decode measurements together, as the calibration fits them. */
        List<RooflineCalibration.Measurement> all() {
            List<RooflineCalibration.Measurement> all = new ArrayList<>(prefills);
            all.addAll(decodes);
            return all;
        }
    }

    private SplitwiseFidelity() {
    }

    /** Returns the default, fitted and held-out errors of every model, GPU and phase. */
    static List<FidelityComparison> compare() {
        Map<String, Group> groups = groups();
        Map<String, RooflineParameters> fitted = fit(groups);

        List<FidelityComparison> comparisons = new ArrayList<>();
        for (Map.Entry<String, Group> entry : groups.entrySet()) {
            Group group = entry.getValue();
            String other = otherModel(group.modelId()) + "," + group.gpuId();
            String name = "splitwise-sim " + group.model().name() + " " + group.gpuId();
            for (String phase : new String[] {"prefill", "decode"}) {
                List<RooflineCalibration.Measurement> data = phase.equals("prefill") ? group.prefills()
                        : group.decodes();
                comparisons.add(new FidelityComparison(name, phase + "_mape_default", RooflineCalibration.meanError(
                        group.model(), group.gpu(), RooflineParameters.DEFAULTS, data), 0.10));
                comparisons.add(new FidelityComparison(name, phase + "_mape_fitted", RooflineCalibration.meanError(
                        group.model(), group.gpu(), fitted.get(entry.getKey()), data), 0.10));
                if (fitted.containsKey(other)) {
                    comparisons.add(new FidelityComparison(name, phase + "_mape_held_out", RooflineCalibration.meanError(
                            group.model(), group.gpu(), fitted.get(other), data), 0.10));
                }
            }
        }
        return comparisons;
    }

    /** Returns the roofline parameters fitted to each group's prefills and decode steps, keyed like {@link #groups()}. */
    static Map<String, RooflineParameters> fit(Map<String, Group> groups) {
        Map<String, RooflineParameters> fitted = new LinkedHashMap<>();
        for (Map.Entry<String, Group> entry : groups.entrySet()) {
            Group group = entry.getValue();
            fitted.put(entry.getKey(), RooflineCalibration.fit(group.model(), group.gpu(), group.all()));
        }
        return fitted;
    }

    /**
     * Returns the measurements keyed by model and GPU ({@code llama2-70b,a100-80gb}). Each
     * configuration is its runs' median prefill and time per output token. A decode step is
     * priced at the mean context of the generated tokens: prompt plus half the output.
     */
    static Map<String, Group> groups() {
        Map<String, List<RooflineCalibration.Measurement>> prefills = new LinkedHashMap<>();
        Map<String, List<RooflineCalibration.Measurement>> decodes = new LinkedHashMap<>();
        for (Map.Entry<String, List<double[]>> run : readRuns().entrySet()) {
            String[] key = run.getKey().split(",");
            ModelSpec model = ModelCatalog.bundled().find(MODELS.get(key[0]));
            AcceleratorSpec gpu = HardwareCatalog.bundled().accelerator(GPUS.get(key[1]));
            int tensorParallel = Integer.parseInt(key[2]);
            int prompt = Integer.parseInt(key[3]);
            int batchSize = Integer.parseInt(key[4]);
            int output = Integer.parseInt(key[5]);

            IterationBatch prefill = new IterationBatch();
            IterationBatch decode = new IterationBatch();
            for (int i = 0; i < batchSize; i++) {
                prefill.addPrefill(prompt, 0);
                decode.addDecode(prompt + output / 2);
            }
            String group = key[0] + "," + key[1];
            double measuredPrefill = median(run.getValue(), 0);
            double peakBoundSeconds = 2.0 * model.activeParameterCount() * prompt * batchSize
                    / (tensorParallel * gpu.denseTensorFlopsPerSecond());
            if (measuredPrefill >= peakBoundSeconds) {
                prefills.computeIfAbsent(group, g -> new ArrayList<>())
                        .add(new RooflineCalibration.Measurement(prefill, tensorParallel, measuredPrefill));
            }
            decodes.computeIfAbsent(group, g -> new ArrayList<>())
                    .add(new RooflineCalibration.Measurement(decode, tensorParallel, median(run.getValue(), 1)));
        }

        Map<String, Group> groups = new LinkedHashMap<>();
        for (String group : decodes.keySet()) {
            String[] key = group.split(",");
            groups.put(group, new Group(key[0], key[1], ModelCatalog.bundled().find(MODELS.get(key[0])),
                    HardwareCatalog.bundled().accelerator(GPUS.get(key[1])), prefills.getOrDefault(group, List.of()),
                    decodes.get(group)));
        }
        return groups;
    }

    private static String otherModel(String modelId) {
        return modelId.equals("llama2-70b") ? "bloom-176b" : "llama2-70b";
    }

    /** Returns the (prefill, decode) seconds of every A100 and H100 run, keyed by model, GPU, TP, prompt, batch, output. */
    private static Map<String, List<double[]>> readRuns() {
        Map<String, List<double[]>> runs = new LinkedHashMap<>();
        InputStream stream = SplitwiseFidelity.class.getResourceAsStream(CSV);
        if (stream == null) {
            throw new UncheckedIOException(new IOException("bundled validation resource " + CSV
                    + " is missing; rebuild the jar"));
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            reader.readLine();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] cells = line.split(",");
                double prefill = Double.parseDouble(cells[7]) / 1e3;
                // Power-capped runs (h100-80gb-pcap) and rows without timings are not compared.
                if (prefill <= 0 || !GPUS.containsKey(cells[1])) {
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

    private static double median(List<double[]> runs, int column) {
        double[] values = runs.stream().mapToDouble(run -> run[column]).toArray();
        return FidelityBenchmark.percentile(values, 50);
    }
}
