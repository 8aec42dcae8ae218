package org.orrery.model.inference;

/**
 * Iteration time interpolated from measured operator tables ({@link IterationProfile}), with a
 * fallback model for batches outside the measured grid.
 *
 * <p>An iteration takes {@code layers x (dense(tokens) + attention) + once-per-model
 * layers(tokens) + output head and sampler(sequences) + a fixed overhead}. Every term is
 * interpolated linearly between measured points. Several prefills in one iteration are costed as
 * that many chunks of their mean length over their mean cached prefix, with the launch cost of the
 * smallest measured chunk counted once. Decode attention uses the mean context of the decoding
 * sequences. When an iteration has both prefills and decodes and the profile measured mixed
 * batches, one chunk and all decodes are costed together from the mixed table. One attention call
 * serves them, and its time is not the sum of the separate times. On the bundled Llama-3.1-8B
 * profiles (vLLM 0.19.0), a 1,024-token chunk with 128 decodes of 1,024 context tokens takes 1.77
 * times the sum on the RTX PRO 6000, and with 64 decodes 1.82 times on the RTX 4090. The other
 * chunks add their separate prefill time. Without mixed measurements the prefill and decode times
 * are added.
 *
 * <p>A mixture-of-experts profile adds {@code moeLayers x (MoE layer + exchange)}. The MoE layer is
 * read from the profile's table at the tokens that the expert-parallel group routes ({@link
 * IterationBatch#expertGroupTokens()}) and the experts they are expected to activate on this GPU,
 * see {@link IterationProfile#moeSeconds}. The exchange brings the group's tokens to the experts and
 * back, see {@link ExpertParallelism}.
 *
 * <p>Source: the layer-wise tables of LLMServingSim 2.0's profiler (per-layer time against
 * tokens, attention against chunk, cached tokens, decode count and context), read by the
 * experiments module. Assumptions and limits: layers run back to back, and CPU scheduling adds
 * nothing beyond the fixed overhead. Sequences with very different contexts are costed at their
 * mean context, which is exact only when attention time is linear in the context. The tables hold
 * for the GPU, engine version and attention kernels named in their {@link ProfileProvenance} and
 * for no other stack. Outside the grid the fallback model (normally a roofline fitted to the same
 * tables, see {@link RooflineFit}) decides, and {@link #fallbackIterations()} counts how often
 * that happened.
 */
public final class ProfilePerformanceModel implements PerformanceModel {
    private final IterationProfile profile;
    private final PerformanceModel fallback;
    private final double iterationOverheadSeconds;
    private final double prefillLaunchSeconds;
    private final ExpertParallelism expertParallelism;
    private long fallbackIterations;

    /**
     * Creates the model of a GPU that stores every expert of a mixture-of-experts profile.
     *
     * @throws IllegalArgumentException if the overhead is negative
     */
    public ProfilePerformanceModel(IterationProfile profile, PerformanceModel fallback,
            double iterationOverheadSeconds) {
        this(profile, fallback, iterationOverheadSeconds, ExpertParallelism.NONE);
    }

    /**
     * Creates the model.
     *
     * @param iterationOverheadSeconds time added to every iteration for work the tables do not
     *     measure (scheduling, input preparation), in seconds
     * @param expertParallelism how a mixture-of-experts profile's experts are spread over GPUs; a
     *     dense profile needs {@link ExpertParallelism#NONE}
     * @throws IllegalArgumentException if the overhead is negative, a dense profile gets expert
     *     parallelism, or the degree does not divide the experts
     */
    public ProfilePerformanceModel(IterationProfile profile, PerformanceModel fallback,
            double iterationOverheadSeconds, ExpertParallelism expertParallelism) {
        if (!(iterationOverheadSeconds >= 0) || Double.isInfinite(iterationOverheadSeconds)) {
            throw new IllegalArgumentException("iteration overhead must be finite and non-negative, got "
                    + iterationOverheadSeconds + " s");
        }
        this.profile = profile;
        this.fallback = fallback;
        this.iterationOverheadSeconds = iterationOverheadSeconds;
        this.prefillLaunchSeconds = profile.prefillAttentionSeconds().valueAt(0, 0);
        if (profile.hasExperts()) {
            profile.experts().localExperts(expertParallelism.degree());
        } else if (expertParallelism.degree() > 1) {
            throw new IllegalArgumentException("profile of " + profile.modelName() + " has no mixture-of-experts "
                    + "layer, so its experts cannot be spread over " + expertParallelism.degree() + " GPUs");
        }
        this.expertParallelism = expertParallelism;
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
        double perLayer = profile.perLayerSeconds().valueAt(tokens) + attentionSeconds(batch);
        double seconds = profile.layers() * perLayer + profile.perModelSeconds().valueAt(tokens)
                + profile.perSequenceSeconds().valueAt(sequences) + iterationOverheadSeconds;
        if (profile.hasExperts()) {
            long groupTokens = batch.expertGroupTokens();
            seconds += profile.experts().moeLayers() * (profile.moeSeconds(groupTokens, expertParallelism.degree())
                    + expertParallelism.exchangeSeconds(groupTokens));
        }
        return seconds;
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
        if (prefills > 0 && !profile.prefillAttentionSeconds().covers(meanChunk(batch), meanCached(batch))) {
            return false;
        }
        int decodes = batch.decodeSequences();
        if (decodes > 0 && !profile.decodeAttentionSeconds().covers(decodes, meanContext(batch))) {
            return false;
        }
        if (profile.hasExperts() && !profile.coversMoe(batch.expertGroupTokens(), expertParallelism.degree())) {
            return false;
        }
        return !usesMixedTable(batch)
                || profile.mixedAttentionSeconds().covers(meanChunk(batch), meanCached(batch), decodes, meanContext(batch));
    }

    private boolean usesMixedTable(IterationBatch batch) {
        return profile.mixedAttentionSeconds() != null && batch.prefillSequences() > 0 && batch.decodeSequences() > 0;
    }

    /** Returns the attention time of one layer. */
    private double attentionSeconds(IterationBatch batch) {
        if (!usesMixedTable(batch)) {
            return prefillAttentionSeconds(batch) + decodeAttentionSeconds(batch);
        }
        double mixed = profile.mixedAttentionSeconds().valueAt(meanChunk(batch), meanCached(batch),
                batch.decodeSequences(), meanContext(batch));
        double chunk = profile.prefillAttentionSeconds().valueAt(meanChunk(batch), meanCached(batch));
        return mixed + (batch.prefillSequences() - 1) * (chunk - Math.min(chunk, prefillLaunchSeconds));
    }

    private double prefillAttentionSeconds(IterationBatch batch) {
        int prefills = batch.prefillSequences();
        if (prefills == 0) {
            return 0.0;
        }
        double chunk = profile.prefillAttentionSeconds().valueAt(meanChunk(batch), meanCached(batch));
        return prefills * chunk - (prefills - 1) * Math.min(chunk, prefillLaunchSeconds);
    }

    private double decodeAttentionSeconds(IterationBatch batch) {
        int decodes = batch.decodeSequences();
        if (decodes == 0) {
            return 0.0;
        }
        return profile.decodeAttentionSeconds().valueAt(decodes, meanContext(batch));
    }

    private static double meanChunk(IterationBatch batch) {
        return (double) batch.prefillTokens() / batch.prefillSequences();
    }

    private static double meanCached(IterationBatch batch) {
        return (double) batch.prefillCachedTokens() / batch.prefillSequences();
    }

    private static double meanContext(IterationBatch batch) {
        return (double) batch.decodeContextTokens() / batch.decodeSequences();
    }
}
