package org.orrery.model.inference;

/**
 * Efficiency factors and fixed costs of the {@link RooflinePerformanceModel}.
 *
 * @param computeEfficiency fraction of peak dense FLOP/s that the matrix multiplications reach
 * @param memoryEfficiency fraction of peak memory bandwidth that weight and KV reads reach
 * @param interconnectEfficiency fraction of the intra-node link bandwidth that all-reduces reach
 * @param allReduceStepLatencySeconds latency of one step of a ring all-reduce (a ring over
 *     {@code p} GPUs takes {@code 2(p-1)} steps)
 * @param iterationOverheadSeconds fixed cost per iteration that adds to the GPU work
 * @param activationBytes bytes per activation element, in all-reduces and in the fused norm and
 *     rotary kernels of {@link LayerTablePerformanceModel}
 * @param attentionEfficiency fraction of peak dense FLOP/s that the attention scores and the
 *     weighted sum of values reach
 * @param hostSecondsPerIteration host time per iteration (scheduling, input preparation, kernel
 *     launches) that runs while the GPUs work, so an iteration lasts at least this long
 * @param prefillSecondsPerSequence fixed cost per prompt prefilled in an iteration
 */
public record RooflineParameters(
        double computeEfficiency,
        double memoryEfficiency,
        double interconnectEfficiency,
        double allReduceStepLatencySeconds,
        double iterationOverheadSeconds,
        double activationBytes,
        double attentionEfficiency,
        double hostSecondsPerIteration,
        double prefillSecondsPerSequence) {

    /**
     * Defaults. The first five were fitted by hand to the splitwise-sim measurements of
     * Llama-2-70B on DGX-H100 (TP 4 and 8; prefill of 128 to 2,048 tokens and decode at batch 1),
     * see {@code RooflineValidationTest} for the resulting errors on A100 and H100. The last three
     * keep the predictions of those five unchanged: attention at the matrix-product efficiency, no
     * host floor and no per-prompt cost. Fitted to splitwise-sim with the other parameters free,
     * they take other values (docs/validation.md lists them).
     */
    public static final RooflineParameters DEFAULTS = new RooflineParameters(0.45, 0.80, 0.70, 6e-6, 9e-3, 2.0,
            0.45, 0.0, 0.0);

    /**
     * Validates the factors.
     *
     * @throws IllegalArgumentException if an efficiency is outside (0, 1] or a cost is negative
     */
    public RooflineParameters {
        requireFraction("compute_efficiency", computeEfficiency);
        requireFraction("memory_efficiency", memoryEfficiency);
        requireFraction("interconnect_efficiency", interconnectEfficiency);
        requireFraction("attention_efficiency", attentionEfficiency);
        requireNonNegative("all_reduce_step_latency_s", allReduceStepLatencySeconds);
        requireNonNegative("iteration_overhead_s", iterationOverheadSeconds);
        requireNonNegative("host_time_per_iteration_s", hostSecondsPerIteration);
        requireNonNegative("prefill_time_per_sequence_s", prefillSecondsPerSequence);
        if (!(activationBytes > 0)) {
            throw new IllegalArgumentException("activation bytes must be positive, got " + activationBytes);
        }
    }

    /**
     * Creates parameters with the first six factors and the defaults of the other three:
     * attention at {@code computeEfficiency}, no host floor and no per-prompt cost.
     */
    public RooflineParameters(double computeEfficiency, double memoryEfficiency, double interconnectEfficiency,
            double allReduceStepLatencySeconds, double iterationOverheadSeconds, double activationBytes) {
        this(computeEfficiency, memoryEfficiency, interconnectEfficiency, allReduceStepLatencySeconds,
                iterationOverheadSeconds, activationBytes, computeEfficiency, 0.0, 0.0);
    }

    private static void requireFraction(String name, double value) {
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1], got " + value);
        }
    }

    private static void requireNonNegative(String name, double seconds) {
        if (!(seconds >= 0)) {
            throw new IllegalArgumentException(name + " must be non-negative, got " + seconds + " s");
        }
    }
}
