package org.orrery.model.inference;

/**
 * Iteration time interpolated from measured operator tables ({@link IterationProfile}), with a
 * fallback model for batches outside the measured grid.
 *
 * <p>An iteration takes {@code layers x (dense(tokens) + prefill attention + decode attention) +
 * once-per-model layers(tokens) + output head and sampler(sequences) + a fixed overhead}. Every
 * term is interpolated linearly between measured points. Several prefills in one iteration are
 * costed as that many chunks of their mean length over their mean cached prefix, with the launch
 * cost of the smallest measured chunk counted once. Decode attention uses the mean context of the
 * decoding sequences.
 *
 * <p>Source: the layer-wise tables of LLMServingSim 2.0's profiler (per-layer time against
 * tokens, attention against chunk, cached tokens, decode count and context), read by the
 * experiments module. Assumptions and limits: layers run back to back, and CPU scheduling adds
 * nothing beyond the fixed overhead. A mixed iteration costs the sum of its separately measured
 * prefill and decode attention, which overstates it by about one kernel launch per layer.
 * Sequences with very different contexts are costed at their mean context, which is exact only
 * when attention time is linear in the context. The tables hold for the GPU, engine
 * version and attention kernels named in their {@link ProfileProvenance} and for no other stack.
 * Outside the grid the fallback model (normally a roofline fitted to the same tables, see
 * {@link RooflineFit}) decides, and {@link #fallbackIterations()} counts how often that happened.
 */
public final class ProfilePerformanceModel implements PerformanceModel {
    private final IterationProfile profile;
    private final PerformanceModel fallback;
    private final double iterationOverheadSeconds;
    private final double prefillLaunchSeconds;
    private long fallbackIterations;

    /**
     * Creates the model.
     *
     * @param iterationOverheadSeconds time added to every iteration for work the tables do not
     *     measure (scheduling, input preparation), in seconds
     * @throws IllegalArgumentException if the overhead is negative
     */
    public ProfilePerformanceModel(IterationProfile profile, PerformanceModel fallback,
            double iterationOverheadSeconds) {
        if (!(iterationOverheadSeconds >= 0) || Double.isInfinite(iterationOverheadSeconds)) {
            throw new IllegalArgumentException("iteration overhead must be finite and non-negative, got "
                    + iterationOverheadSeconds + " s");
        }
        this.profile = profile;
        this.fallback = fallback;
        this.iterationOverheadSeconds = iterationOverheadSeconds;
        this.prefillLaunchSeconds = profile.prefillAttentionSeconds().valueAt(0, 0);
    }

    public IterationProfile profile() {
        return profile;
    }

    /** Returns how many iterations fell outside the measured grid and were costed by the fallback model. */
    public long fallbackIterations() {
        return fallbackIterations;
    }

    @Override
    public double iterationSeconds(IterationBatch batch) {
        long tokens = batch.processedTokens();
        int sequences = batch.prefillSequences() + batch.decodeSequences();
        if (!covers(batch, tokens, sequences)) {
            fallbackIterations++;
            return fallback.iterationSeconds(batch);
        }
        double perLayer = profile.perLayerSeconds().valueAt(tokens) + prefillAttentionSeconds(batch)
                + decodeAttentionSeconds(batch);
        return profile.layers() * perLayer + profile.perModelSeconds().valueAt(tokens)
                + profile.perSequenceSeconds().valueAt(sequences) + iterationOverheadSeconds;
    }

    /** Returns whether every term of the batch lies inside the measured grid. */
    public boolean covers(IterationBatch batch) {
        return covers(batch, batch.processedTokens(), batch.prefillSequences() + batch.decodeSequences());
    }

    private boolean covers(IterationBatch batch, long tokens, int sequences) {
        if (!profile.perLayerSeconds().covers(tokens) || !profile.perModelSeconds().covers(tokens)
                || !profile.perSequenceSeconds().covers(sequences)) {
            return false;
        }
        int prefills = batch.prefillSequences();
        if (prefills > 0 && !profile.prefillAttentionSeconds().covers(
                (double) batch.prefillTokens() / prefills, (double) batch.prefillCachedTokens() / prefills)) {
            return false;
        }
        int decodes = batch.decodeSequences();
        return decodes == 0 || profile.decodeAttentionSeconds().covers(decodes,
                (double) batch.decodeContextTokens() / decodes);
    }

    private double prefillAttentionSeconds(IterationBatch batch) {
        int prefills = batch.prefillSequences();
        if (prefills == 0) {
            return 0.0;
        }
        double chunk = profile.prefillAttentionSeconds().valueAt((double) batch.prefillTokens() / prefills,
                (double) batch.prefillCachedTokens() / prefills);
        return prefills * chunk - (prefills - 1) * Math.min(chunk, prefillLaunchSeconds);
    }

    private double decodeAttentionSeconds(IterationBatch batch) {
        int decodes = batch.decodeSequences();
        if (decodes == 0) {
            return 0.0;
        }
        return profile.decodeAttentionSeconds().valueAt(decodes, (double) batch.decodeContextTokens() / decodes);
    }
}
