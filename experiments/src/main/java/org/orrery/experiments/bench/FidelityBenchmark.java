package org.orrery.experiments.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.orrery.experiments.config.ModelCatalog;
import org.orrery.hardware.AcceleratorSpec;
import org.orrery.hardware.HardwareCatalog;
import org.orrery.model.inference.IterationBatch;
import org.orrery.model.inference.ModelSpec;
import org.orrery.model.inference.RooflineParameters;
import org.orrery.model.inference.RooflinePerformanceModel;
import org.orrery.model.power.GpuPowerModel;
import org.orrery.model.power.PowerState;

/**
 * Compares Orrery's predictions with bundled measurements and returns one {@link
 * FidelityComparison} per metric. The measurements are in {@code validation/} next to this
 * package's resources, each folder with its provenance.
 *
 * <ul>
 *   <li>Real vLLM 0.19.0 runs (LLMServingSim 2.0's examples), replayed whole, see {@link
 *       VllmRunFidelity}.
 *   <li>Prefill and decode times of Llama-2-70B and BLOOM-176B on DGX-A100 and DGX-H100
 *       (splitwise-sim), against the roofline with its default parameters and with parameters
 *       fitted to the measurements (see {@link #splitwise()}).
 *   <li>Average GPU power and energy per output token of Llama-3.1-8B and 70B on H100 (ML.ENERGY
 *       benchmark v3, lm-arena-chat), from the power model and the roofline.
 * </ul>
 */
public final class FidelityBenchmark {
    private static final String VALIDATION = "/org/orrery/experiments/validation/";

    /** Prompt tokens assumed for ML.ENERGY's chat requests, whose prompt lengths the summary does not give. */
    static final int MLENERGY_ASSUMED_PROMPT_TOKENS = 512;

    private FidelityBenchmark() {
    }

    /** Runs every comparison. */
    public static List<FidelityComparison> runAll() {
        List<FidelityComparison> comparisons = new ArrayList<>();
        comparisons.addAll(VllmRunFidelity.compareAll());
        comparisons.addAll(LoadFidelity.compareAll());
        comparisons.addAll(splitwise());
        comparisons.addAll(mlEnergy());
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

    /** Average power and energy per output token of ML.ENERGY's H100 chat runs. */
    static List<FidelityComparison> mlEnergy() {
        Map<String, double[]> sums = new LinkedHashMap<>();
        AcceleratorSpec h100 = HardwareCatalog.bundled().accelerator("H100-SXM5-80GB");
        GpuPowerModel power = new GpuPowerModel(h100.idlePowerWatts(), h100.tdpWatts(),
                GpuPowerModel.DEFAULT_PREFILL_FRACTION, GpuPowerModel.DEFAULT_DECODE_FRACTION,
                GpuPowerModel.DEFAULT_DECODE_SATURATED_FRACTION, GpuPowerModel.DEFAULT_HALF_SATURATION_BATCH);
        try (BufferedReader reader = open(VALIDATION + "mlenergy/h100-llama-3.1-chat.csv")) {
            reader.readLine();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] cells = line.split(",");
                String modelName = cells[0].contains("70B") ? "Llama-3.1-70B" : "Llama-3.1-8B";
                int gpus = Integer.parseInt(cells[2]);
                double batch = Double.parseDouble(cells[4]);
                double outputLength = Double.parseDouble(cells[5]);
                double measuredJoulesPerToken = Double.parseDouble(cells[7]);
                double measuredWatts = Double.parseDouble(cells[8]);

                ModelSpec model = ModelCatalog.bundled().find(modelName);
                RooflinePerformanceModel roofline = new RooflinePerformanceModel(model, h100, gpus,
                        RooflineParameters.DEFAULTS);
                int sequences = (int) Math.round(batch);
                IterationBatch decode = new IterationBatch();
                for (int i = 0; i < sequences; i++) {
                    decode.addDecode(MLENERGY_ASSUMED_PROMPT_TOKENS + Math.round(outputLength / 2));
                }
                double watts = gpus * power.watts(PowerState.DECODE, sequences);
                double joulesPerToken = watts * roofline.iterationSeconds(decode) / sequences;
                accumulate(sums, modelName + " power", relative(watts, measuredWatts));
                accumulate(sums, modelName + " energy", relative(joulesPerToken, measuredJoulesPerToken));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<FidelityComparison> comparisons = new ArrayList<>();
        for (Map.Entry<String, double[]> sum : sums.entrySet()) {
            String[] parts = sum.getKey().split(" ");
            String metric = parts[1].equals("power") ? "average_power_mape" : "energy_per_token_mape";
            comparisons.add(new FidelityComparison("ML.ENERGY v3 H100 " + parts[0], metric,
                    sum.getValue()[0] / sum.getValue()[1], 0.15));
        }
        return comparisons;
    }

    private static void accumulate(Map<String, double[]> sums, String key, double error) {
        double[] sum = sums.computeIfAbsent(key, k -> new double[2]);
        sum[0] += error;
        sum[1] += 1;
    }

    static BufferedReader open(String resource) throws IOException {
        InputStream stream = FidelityBenchmark.class.getResourceAsStream(resource);
        if (stream == null) {
            throw new IOException("bundled validation resource " + resource + " is missing; rebuild the jar");
        }
        return new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
    }

    static double relative(double predicted, double measured) {
        return Math.abs(predicted - measured) / Math.abs(measured);
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
