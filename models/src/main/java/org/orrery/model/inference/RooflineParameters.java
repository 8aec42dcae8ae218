package org.orrery.model.inference;

/**
 * Efficiency factors and fixed costs of the {@link RooflinePerformanceModel}.
 *
 * @param computeEfficiency fraction of peak dense FLOP/s that the matrix multiplications reach
 * @param memoryEfficiency fraction of peak memory bandwidth that weight and KV reads reach
 * @param interconnectEfficiency fraction of the intra-node link bandwidth that all-reduces reach
 * @param allReduceStepLatencySeconds latency of one step of a ring all-reduce (a ring over
 *     {@code p} GPUs takes {@code 2(p-1)} steps)
 * @param iterationOverheadSeconds fixed cost per iteration: scheduling, kernel launches, sampling
 * @param activationBytes bytes per activation element, in all-reduces and in the fused norm and
 *     rotary kernels of {@link LayerTablePerformanceModel}
 */
public record RooflineParameters(
        double computeEfficiency,
        double memoryEfficiency,
        double interconnectEfficiency,
        double allReduceStepLatencySeconds,
        double iterationOverheadSeconds,
        double activationBytes) {

    /**
     * Defaults fitted by hand to the splitwise-sim measurements of Llama-2-70B on DGX-H100 (TP 4 and
     * 8; prefill of 128 to 2,048 tokens and decode at batch 1), see {@code RooflineValidationTest}
     * for the resulting errors on A100 and H100.
     */
    public static final RooflineParameters DEFAULTS = new RooflineParameters(0.45, 0.80, 0.70, 6e-6, 9e-3, 2.0);

    /**
     * Validates the factors.
     *
     * @throws IllegalArgumentException if an efficiency is outside (0, 1] or a cost is negative
     */
    public RooflineParameters {
        requireFraction("compute_efficiency", computeEfficiency);
        requireFraction("memory_efficiency", memoryEfficiency);
        requireFraction("interconnect_efficiency", interconnectEfficiency);
        if (!(allReduceStepLatencySeconds >= 0) || !(iterationOverheadSeconds >= 0)) {
            throw new IllegalArgumentException("all-reduce step latency and iteration overhead must be non-negative, got "
                    + allReduceStepLatencySeconds + " s and " + iterationOverheadSeconds + " s");
        }
        if (!(activationBytes > 0)) {
            throw new IllegalArgumentException("activation bytes must be positive, got " + activationBytes);
        }
    }

    private static void requireFraction(String name, double value) {
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1], got " + value);
        }
    }
}
