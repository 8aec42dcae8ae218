package org.orrery.experiments.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compares Orrery's predictions with bundled measurements and returns one {@link
 * FidelityComparison} per metric. The measurements are in {@code validation/} next to this
 * package's resources, each folder with its provenance.
 *
 * <ul>
 *   <li>Real vLLM 0.19.0 runs (LLMServingSim 2.0's examples), replayed whole, see {@link
 *       VllmRunFidelity}.
 *   <li>The serving model across loads from 50% to 110% of capacity, against M/D/1 theory and as a
 *       sensitivity to capacity errors, see {@link LoadFidelity}.
 *   <li>Prefill and decode times of Llama-2-70B and BLOOM-176B on DGX-A100 and DGX-H100
 *       (splitwise-sim), against the roofline with its default parameters and with parameters
 *       fitted to the measurements, see {@link SplitwiseFidelity}.
 *   <li>Average GPU power, energy per output token and step time of Llama-3.1-8B and 70B on H100
 *       (ML.ENERGY benchmark v3, lm-arena-chat), see {@link MlEnergyFidelity}.
 *   <li>Time, power and energy of DNN training under GPU power limits (Zeus), see {@link
 *       PowerCapFidelity}.
 * </ul>
 */
public final class FidelityBenchmark {

    private FidelityBenchmark() {
    }

    /** Runs every comparison. */
    public static List<FidelityComparison> runAll() {
        List<FidelityComparison> comparisons = new ArrayList<>();
        comparisons.addAll(VllmRunFidelity.compareAll());
        comparisons.addAll(LoadFidelity.compareAll());
        comparisons.addAll(SplitwiseFidelity.compare());
        comparisons.addAll(MlEnergyFidelity.comparisons());
        comparisons.addAll(PowerCapFidelity.run());
        return comparisons;
    }

    /** Opens a bundled resource as UTF-8 text. */
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
}
