package org.orrery.model.inference;

import org.orrery.hardware.AcceleratorSpec;

/**
 * Iteration time from a measured layer table ({@link LayerTableProfile}). The two terms such a
 * table does not measure come from a roofline, which also costs every batch outside the grid.
 *
 * <p>An iteration takes {@code layers x (non-attention(tokens) + prefill attention + decode
 * attention) + once-per-model layers(tokens) + output head(sequences) + all-reduces + a fixed
 * overhead}. The measured terms are interpolated linearly between measured token counts. Several
 * prompts in one iteration are costed as that many prompts of their mean length, with the
 * one-token attention time (the launch cost) counted once.
 *
 * <p>Estimated terms. Decode attention per layer is the measured one-token attention time plus
 * reading the decoding sequences' KV cache at the roofline's memory bandwidth ({@code GPUs x peak
 * bandwidth x memory efficiency}). The all-reduces of tensor parallelism are the roofline's, because
 * the table times one GPU's shard alone.
 *
 * <p>Outside the grid (more tokens or sequences than measured, or a prompt with cached tokens,
 * which the table never measures) the roofline costs the whole iteration, and {@link
 * #fallbackIterations()} counts how often that happened. {@link #fitRoofline} fits the roofline's
 * efficiencies to the table.
 *
 * <p>Assumptions and limits: sub-layers run back to back; decode attention is bound by memory
 * bandwidth; a table measured with unfused kernels (separate kernels for each step of a norm)
 * overstates the iteration time of an engine that fuses them; the times hold for the stack named
 * in the {@link ProfileProvenance} and for no other.
 */
public final class LayerTablePerformanceModel implements PerformanceModel {
    private final LayerTableProfile profile;
    private final ModelSpec model;
    private final RooflinePerformanceModel roofline;
    private final double kvBytesPerSecond;
    private final double attentionLaunchSeconds;
    private final double iterationOverheadSeconds;
    private long fallbackIterations;

    /**
     * Creates the model.
     *
     * @param parameters the roofline's efficiencies and costs, for the estimated terms and the fallback
     * @param iterationOverheadSeconds time added to every iteration inside the grid for work the
     *     table does not measure (scheduling, input preparation, sampling), in seconds
     * @throws IllegalArgumentException if the overhead is negative or not finite
     */
    public LayerTablePerformanceModel(LayerTableProfile profile, ModelSpec model, AcceleratorSpec gpu,
            RooflineParameters parameters, double iterationOverheadSeconds) {
        if (!(iterationOverheadSeconds >= 0) || Double.isInfinite(iterationOverheadSeconds)) {
            throw new IllegalArgumentException("iteration overhead must be finite and non-negative, got "
                    + iterationOverheadSeconds + " s");
        }
        this.profile = profile;
        this.model = model;
        this.roofline = new RooflinePerformanceModel(model, gpu, profile.tensorParallel(), parameters);
        this.kvBytesPerSecond = profile.tensorParallel() * gpu.memoryBandwidthBytesPerSecond()
                * parameters.memoryEfficiency();
        this.attentionLaunchSeconds = profile.prefillAttentionSeconds().valueAt(
                profile.prefillAttentionSeconds().minX());
        this.iterationOverheadSeconds = iterationOverheadSeconds;
    }

    /**
     * Returns {@code base} with compute and memory efficiency fitted to {@code profile}, both capped at 1.
     *
     * <p>Compute efficiency is the FLOP/s of the whole table at its largest token count over peak:
     * {@code 2 x active parameters x tokens / (time x GPUs x peak FLOP/s)}, so the roofline continues
     * the table beyond its grid. Memory efficiency is the bandwidth the matrix products and the
     * output head reach for one token: {@code weight bytes / (time x GPUs x peak bandwidth)}. The
     * weight bytes include the token embedding, which a step reads only in part, so the fitted value
     * is too high by the embedding's share of the weights.
     */
    public static RooflineParameters fitRoofline(LayerTableProfile profile, ModelSpec model, AcceleratorSpec gpu,
            RooflineParameters base) {
        int gpus = profile.tensorParallel();
        double maxTokens = profile.perLayerSeconds().maxX();
        double largeSeconds = profile.layers() * profile.perLayerSeconds().valueAt(maxTokens)
                + profile.perModelSeconds().valueAt(maxTokens) + profile.outputHeadSeconds().valueAt(1);
        double computeEfficiency = 2.0 * model.activeParameterCount() * maxTokens
                / (largeSeconds * gpus * gpu.denseTensorFlopsPerSecond());

        double smallSeconds = profile.layers() * profile.linearSeconds().valueAt(1)
                + profile.outputHeadSeconds().valueAt(1);
        double memoryEfficiency = model.weightBytes() / (smallSeconds * gpus * gpu.memoryBandwidthBytesPerSecond());

        return new RooflineParameters(Math.min(1.0, computeEfficiency), Math.min(1.0, memoryEfficiency),
                base.interconnectEfficiency(), base.allReduceStepLatencySeconds(), base.iterationOverheadSeconds(),
                base.activationBytes());
    }

    public LayerTableProfile profile() {
        return profile;
    }

    /** Returns how many iterations fell outside the measured grid and were costed by the roofline. */
    public long fallbackIterations() {
        return fallbackIterations;
    }

    @Override
    public double iterationSeconds(IterationBatch batch) {
        long tokens = batch.processedTokens();
        int sequences = batch.prefillSequences() + batch.decodeSequences();
        if (!covers(batch, tokens, sequences)) {
            fallbackIterations++;
            return roofline.iterationSeconds(batch);
        }
        double perLayer = profile.perLayerSeconds().valueAt(tokens) + prefillAttentionSeconds(batch);
        return profile.layers() * perLayer + decodeAttentionSeconds(batch) + profile.perModelSeconds().valueAt(tokens)
                + profile.outputHeadSeconds().valueAt(sequences) + roofline.allReduceSeconds(batch)
                + iterationOverheadSeconds;
    }

    /** Returns whether every measured term of the batch lies inside the measured grid. */
    public boolean covers(IterationBatch batch) {
        return covers(batch, batch.processedTokens(), batch.prefillSequences() + batch.decodeSequences());
    }

    private boolean covers(IterationBatch batch, long tokens, int sequences) {
        if (!profile.perLayerSeconds().covers(tokens) || !profile.perModelSeconds().covers(tokens)
                || !profile.outputHeadSeconds().covers(sequences)) {
            return false;
        }
        int prompts = batch.prefillSequences();
        return prompts == 0 || batch.prefillCachedTokens() == 0
                && profile.prefillAttentionSeconds().covers((double) batch.prefillTokens() / prompts);
    }

    private double prefillAttentionSeconds(IterationBatch batch) {
        int prompts = batch.prefillSequences();
        if (prompts == 0) {
            return 0.0;
        }
        double prompt = profile.prefillAttentionSeconds().valueAt((double) batch.prefillTokens() / prompts);
        return prompts * prompt - (prompts - 1) * Math.min(prompt, attentionLaunchSeconds);
    }

    /** Returns the decode attention of all layers: one launch per layer plus reading the KV cache. */
    private double decodeAttentionSeconds(IterationBatch batch) {
        if (batch.decodeSequences() == 0) {
            return 0.0;
        }
        double kvBytes = model.kvBytesPerToken() * batch.decodeContextTokens();
        return profile.layers() * attentionLaunchSeconds + kvBytes / kvBytesPerSecond;
    }
}
