package org.orrery.model.power;

/**
 * Power draw of one GPU per {@link PowerState} and batch size: the catalog's idle power when idle,
 * a fixed fraction of the TDP during prefill iterations, and during decode iterations a fraction
 * that rises with the batch from {@code decodeFractionOfTdp} at one sequence towards
 * {@code decodeSaturatedFractionOfTdp}:
 *
 * <pre>
 *   fraction(b) = decode + (saturated - decode) x (b - 1) / (b - 1 + halfSaturationBatch)
 * </pre>
 *
 * <p>so that half of the rise is reached at {@code b = 1 + halfSaturationBatch}. Power never falls
 * below idle power.
 *
 * <p>Sources: the prefill fraction 1.0 and the batch-1 decode fraction 0.59 come from splitwise-sim's
 * DGX-A100 characterization of Llama-2-70B ({@code perf_model.csv}, commit 8f99e7d, MIT), where
 * {@code peak_power} normalized to the rated power reaches 1.0 for prompts of 1,024 tokens and
 * more and {@code average_power} over decode-dominated runs at batch 1 is 0.59 on average over
 * TP 2, 4 and 8. The saturation (0.96 of TDP, half reached 55 sequences beyond the first) was fitted by least
 * relative squares to the average GPU power of the ML.ENERGY benchmark v3 (lm-arena-chat task,
 * Llama-3.1-8B on one H100 and Llama-3.1-70B on four H100, vLLM, batch caps 8 to 1,024); the
 * resulting errors are in {@code docs/validation.md}.
 *
 * <p>Assumptions and limits: the batch is the number of tokens the iteration processes, which for a
 * decode iteration is its number of sequences; an iteration that mixes prefill and decode counts as
 * prefill; one curve serves every GPU type, model and tensor-parallel degree, although the
 * measurements show tensor-parallel instances drawing about 10% less per GPU at equal batch. The
 * curve holds at full clocks; {@link PowerCap} adds a GPU power limit on top of it.
 *
 * @param idleWatts power of an idle GPU
 * @param tdpWatts thermal design power
 * @param prefillFractionOfTdp power during prefill iterations as a fraction of TDP
 * @param decodeFractionOfTdp power during decode iterations of one sequence as a fraction of TDP
 * @param decodeSaturatedFractionOfTdp the fraction that decode power approaches at large batches
 * @param halfSaturationBatch batch size beyond one at which decode power has risen halfway, in sequences
 */
public record GpuPowerModel(double idleWatts, double tdpWatts, double prefillFractionOfTdp,
        double decodeFractionOfTdp, double decodeSaturatedFractionOfTdp, double halfSaturationBatch) {

    /** Prefill at TDP (splitwise-sim A100 measurements, see the class comment). */
    public static final double DEFAULT_PREFILL_FRACTION = 1.0;

    /** Decode of one sequence at 59% of TDP (splitwise-sim A100 measurements). */
    public static final double DEFAULT_DECODE_FRACTION = 0.59;

    /** Decode power at large batches, fitted to ML.ENERGY v3 H100 measurements (see the class comment). */
    public static final double DEFAULT_DECODE_SATURATED_FRACTION = 0.96;

    /** Batch beyond one at which decode power has risen halfway, fitted with {@link #DEFAULT_DECODE_SATURATED_FRACTION}. */
    public static final double DEFAULT_HALF_SATURATION_BATCH = 55.0;

    /**
     * Validates the model.
     *
     * @throws IllegalArgumentException if idle power is negative or above TDP, a fraction is outside
     *     (0, 1], or the half-saturation batch is not positive
     */
    public GpuPowerModel {
        if (!(idleWatts >= 0) || !(tdpWatts >= idleWatts) || Double.isInfinite(tdpWatts)) {
            throw new IllegalArgumentException("GPU power needs 0 <= idle <= TDP, got idle " + idleWatts + " W and TDP "
                    + tdpWatts + " W");
        }
        requireFraction("prefill_fraction_of_tdp", prefillFractionOfTdp);
        requireFraction("decode_fraction_of_tdp", decodeFractionOfTdp);
        requireFraction("decode_saturated_fraction_of_tdp", decodeSaturatedFractionOfTdp);
        if (!(halfSaturationBatch > 0) || Double.isInfinite(halfSaturationBatch)) {
            throw new IllegalArgumentException("decode_half_saturation_batch must be positive and finite, got "
                    + halfSaturationBatch);
        }
    }

    /** Creates a model whose decode power does not depend on the batch. */
    public GpuPowerModel(double idleWatts, double tdpWatts, double prefillFractionOfTdp, double decodeFractionOfTdp) {
        this(idleWatts, tdpWatts, prefillFractionOfTdp, decodeFractionOfTdp, decodeFractionOfTdp, 1.0);
    }

    /** Returns the power of one GPU in {@code state} at a batch of one, in watts. */
    public double watts(PowerState state) {
        return watts(state, 1);
    }

    /** Returns the power of one GPU in {@code state} for an iteration that processes {@code batchTokens} tokens, in watts. */
    public double watts(PowerState state, long batchTokens) {
        return switch (state) {
            case IDLE -> idleWatts;
            case PREFILL -> Math.max(idleWatts, prefillFractionOfTdp * tdpWatts);
            case DECODE -> Math.max(idleWatts, decodeFraction(batchTokens) * tdpWatts);
        };
    }

    /** Returns the decode power of a batch of {@code sequences} as a fraction of TDP. */
    public double decodeFraction(long sequences) {
        double beyondOne = Math.max(0, sequences - 1);
        return decodeFractionOfTdp + (decodeSaturatedFractionOfTdp - decodeFractionOfTdp) * beyondOne
                / (beyondOne + halfSaturationBatch);
    }

    private static void requireFraction(String name, double value) {
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1], got " + value);
        }
    }
}
