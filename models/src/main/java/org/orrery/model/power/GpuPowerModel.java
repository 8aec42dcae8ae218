package org.orrery.model.power;

/**
 * Power draw of one GPU per {@link PowerState}: the catalog's idle power when idle, and a fixed
 * fraction of the TDP during prefill and decode iterations, never below idle power.
 *
 * <p>Source of the defaults: splitwise-sim's DGX-A100 characterization of Llama-2-70B
 * ({@code perf_model.csv}, commit 8f99e7d, MIT), where {@code peak_power} normalized to the rated
 * power reaches 1.0 for prompts of 1,024 tokens and more (prefill runs at TDP) and
 * {@code average_power} over decode-dominated runs is 0.59. Limits: power does not depend on batch
 * size, clock or power cap; an iteration that mixes prefill and decode counts as prefill; the
 * fractions come from A100 runs and are applied to every GPU type.
 *
 * @param idleWatts power of an idle GPU
 * @param tdpWatts thermal design power
 * @param prefillFractionOfTdp power during prefill iterations as a fraction of TDP
 * @param decodeFractionOfTdp power during decode-only iterations as a fraction of TDP
 */
public record GpuPowerModel(double idleWatts, double tdpWatts, double prefillFractionOfTdp,
        double decodeFractionOfTdp) {

    /** Prefill at TDP; decode at 59% of TDP (splitwise-sim A100 measurements, see the class comment). */
    public static final double DEFAULT_PREFILL_FRACTION = 1.0;

    /** See {@link #DEFAULT_PREFILL_FRACTION}. */
    public static final double DEFAULT_DECODE_FRACTION = 0.59;

    /**
     * Validates the model.
     *
     * @throws IllegalArgumentException if idle power is negative or above TDP, or a fraction is outside (0, 1]
     */
    public GpuPowerModel {
        if (!(idleWatts >= 0) || !(tdpWatts >= idleWatts) || Double.isInfinite(tdpWatts)) {
            throw new IllegalArgumentException("GPU power needs 0 <= idle <= TDP, got idle " + idleWatts + " W and TDP "
                    + tdpWatts + " W");
        }
        requireFraction("prefill_fraction_of_tdp", prefillFractionOfTdp);
        requireFraction("decode_fraction_of_tdp", decodeFractionOfTdp);
    }

    /** Returns the power of one GPU in {@code state}, in watts. */
    public double watts(PowerState state) {
        return switch (state) {
            case IDLE -> idleWatts;
            case PREFILL -> Math.max(idleWatts, prefillFractionOfTdp * tdpWatts);
            case DECODE -> Math.max(idleWatts, decodeFractionOfTdp * tdpWatts);
        };
    }

    private static void requireFraction(String name, double value) {
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1], got " + value);
        }
    }
}
