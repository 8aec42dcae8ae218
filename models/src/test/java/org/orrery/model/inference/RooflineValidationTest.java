package org.orrery.model.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.orrery.hardware.AcceleratorSpec;
import org.orrery.hardware.HardwareCatalog;

/**
 * The roofline model with its default parameters against splitwise-sim's measurements of
 * Llama-2-70B on DGX-A100 and DGX-H100 ({@code splitwise-sim/perf_model.csv} in the test
 * resources). Each configuration's median over its repeated runs is compared.
 *
 * <p>Tolerances: on H100, for which the defaults were fitted, prefill of 512 to 2,048 tokens at
 * batch 1 to 4 and decode at batch 1 to 8 stay within 15%. The same defaults were not fitted to
 * A100: there the mean error over these cases is below 25% and the worst case below 45% (when
 * written, the worst was prefill of 2,048 tokens at TP 4, over-predicted by 40%, because the A100
 * reaches a larger fraction of its peak FLOP/s than the H100 default assumes). Larger batches (16
 * to 64) fall outside these bounds: measured decode time grows with batch size faster than the
 * roofline predicts, a known limit.
 */
class RooflineValidationTest {
    /** Llama-2-70B: 80 layers of width 8,192, 64 query and 8 KV heads, 68,976,648,192 weights. */
    private static final ModelSpec LLAMA_2_70B = new ModelSpec("Llama-2-70B", 68_976_648_192.0, 80, 8192, 64, 8,
            2.0, 2.0, 4096);

    private static final Map<List<Integer>, double[]> H100 = new LinkedHashMap<>();
    private static final Map<List<Integer>, double[]> A100 = new LinkedHashMap<>();

    @BeforeAll
    static void readMeasurements() throws IOException {
        Map<String, Map<List<Integer>, List<double[]>>> runs = new LinkedHashMap<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                RooflineValidationTest.class.getResourceAsStream("/splitwise-sim/perf_model.csv"),
                StandardCharsets.UTF_8))) {
            String header = reader.readLine();
            assertThat(header).startsWith("model,hardware,prompt_size,batch_size,token_size");
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] cells = line.split(",");
                if (!cells[0].equals("llama2-70b")) {
                    continue;
                }
                List<Integer> key = List.of(Integer.parseInt(cells[10]), Integer.parseInt(cells[2]),
                        Integer.parseInt(cells[3]), Integer.parseInt(cells[4]));
                runs.computeIfAbsent(cells[1], hardware -> new LinkedHashMap<>())
                        .computeIfAbsent(key, k -> new ArrayList<>())
                        .add(new double[] {Double.parseDouble(cells[7]) / 1e3, Double.parseDouble(cells[8]) / 1e3});
            }
        }
        medians(runs.get("h100-80gb"), H100);
        medians(runs.get("a100-80gb"), A100);
    }

    @Test
    void h100PrefillWithinFifteenPercent() {
        List<Double> errors = prefillErrors(H100, "H100-SXM5-80GB");

        assertThat(errors).hasSize(2 * 5).allSatisfy(error -> assertThat(error).isLessThan(0.15));
    }

    @Test
    void h100DecodeWithinFifteenPercent() {
        List<Double> errors = decodeErrors(H100, "H100-SXM5-80GB");

        assertThat(errors).hasSize(2 * 4).allSatisfy(error -> assertThat(error).isLessThan(0.15));
    }

    @Test
    void a100WithinStatedError() {
        List<Double> errors = new ArrayList<>(prefillErrors(A100, "A100-SXM4-80GB"));
        errors.addAll(decodeErrors(A100, "A100-SXM4-80GB"));
        double mean = errors.stream().mapToDouble(Double::doubleValue).average().orElseThrow();

        assertThat(errors).hasSize(2 * 5 + 2 * 4).allSatisfy(error -> assertThat(error).isLessThan(0.45));
        assertThat(mean).isLessThan(0.25);
    }

    /** Prefill of one batch: prompts of 512, 1,024 and 2,048 tokens at batch 1, and 512 at batch 2 and 4. */
    private static List<Double> prefillErrors(Map<List<Integer>, double[]> measured, String gpu) {
        int[][] cases = {{512, 1}, {1024, 1}, {2048, 1}, {512, 2}, {512, 4}};
        List<Double> errors = new ArrayList<>();
        for (int tensorParallel : new int[] {4, 8}) {
            RooflinePerformanceModel model = model(gpu, tensorParallel);
            for (int[] c : cases) {
                IterationBatch batch = new IterationBatch();
                for (int i = 0; i < c[1]; i++) {
                    batch.addPrefill(c[0], 0);
                }
                double seconds = measured.get(List.of(tensorParallel, c[0], c[1], 128))[0];
                errors.add(Math.abs(model.iterationSeconds(batch) - seconds) / seconds);
            }
        }
        return errors;
    }

    /**
     * Decode at batch 1 to 8 after 512-token prompts with 128 output tokens: the measured time per
     * token averages over contexts of 512 to 640 tokens, so the prediction uses the mean, 576.
     */
    private static List<Double> decodeErrors(Map<List<Integer>, double[]> measured, String gpu) {
        List<Double> errors = new ArrayList<>();
        for (int tensorParallel : new int[] {4, 8}) {
            RooflinePerformanceModel model = model(gpu, tensorParallel);
            for (int batchSize : new int[] {1, 2, 4, 8}) {
                IterationBatch batch = new IterationBatch();
                for (int i = 0; i < batchSize; i++) {
                    batch.addDecode(512 + 128 / 2);
                }
                double seconds = measured.get(List.of(tensorParallel, 512, batchSize, 128))[1];
                errors.add(Math.abs(model.iterationSeconds(batch) - seconds) / seconds);
            }
        }
        return errors;
    }

    private static RooflinePerformanceModel model(String gpu, int tensorParallel) {
        AcceleratorSpec spec = HardwareCatalog.bundled().accelerator(gpu);
        return new RooflinePerformanceModel(LLAMA_2_70B, spec, tensorParallel, RooflineParameters.DEFAULTS);
    }

    private static void medians(Map<List<Integer>, List<double[]>> runs, Map<List<Integer>, double[]> target) {
        for (Map.Entry<List<Integer>, List<double[]>> entry : runs.entrySet()) {
            double[] prefill = entry.getValue().stream().mapToDouble(run -> run[0]).sorted().toArray();
            double[] decode = entry.getValue().stream().mapToDouble(run -> run[1]).sorted().toArray();
            target.put(entry.getKey(), new double[] {median(prefill), median(decode)});
        }
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
