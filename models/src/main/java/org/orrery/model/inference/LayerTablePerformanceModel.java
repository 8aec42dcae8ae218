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
 * <p>Fused element-wise kernels. A table measured on eager PyTorch times each RMS norm and the
 * rotary embedding as many small kernels (17.7 and 26.9 us for one token of Llama-3.1-8B in
 * LLMServingSim's v0 H100 table), where vLLM runs one fused kernel each. With {@code
 * fusedElementwise} set, {@link FusedElementwiseKernels} costs these layers instead of the table's
 * norm and rotary rows, at the KV-cache bandwidth of one GPU. The token embedding, the activation
 * function and the matrix products keep their measured times.
 *
 * <p>Outside the grid (more tokens or sequences than measured, or a prompt with cached tokens,
 * which the table never measures) the roofline costs the whole iteration, and {@link
 * #fallbackIterations()} counts how often that happened. {@link #fitRoofline} fits the roofline's
 * efficiencies to the table.
 *
 * <p>Assumptions and limits: sub-layers run back to back; decode attention and the fused kernels
 * are bound by memory bandwidth; without {@code fusedElementwise}, a table measured with unfused
 * kernels overstates the iteration time of an engine that fuses them; the times hold for the stack
 * named in the {@link ProfileProvenance} and for no other. NOTE: vLLM's fused activation kernel
 * also multiplies the gate and up projections, which the Hugging Face code does in a separate
 * kernel that the v0 table does not time, so that pass is missing with or without the fused kernels.
 *
 * <p>NOTE: a layer table times no sampler, and {@code iterationOverheadSeconds} does not grow with
 * the batch. vLLM 0.11.1 applies top-p by sorting every sequence's logits, a per-sequence time that
 * is missing here. Against the ML.ENERGY H100 runs the decode step falls short by 33 to 42 us per
 * sequence for both Llama-3.1-8B and 70B (see {@code docs/validation.md}).
 */
public final class LayerTablePerformanceModel implements PerformanceModel {
    private final LayerTableProfile profile;
    private final ModelSpec model;
    private final RooflinePerformanceModel roofline;
    private final double kvBytesPerSecond;
    private final double attentionLaunchSeconds;
    private final double iterationOverheadSeconds;
    private final FusedElementwiseKernels fusedKernels;
    private long fallbackIterations;

    /**
     * Creates the model.
     *
     * @param parameters the roofline's efficiencies and costs, for the estimated terms and the fallback
     * @param iterationOverheadSeconds time added to every iteration inside the grid for work the
     *     table does not measure (scheduling, input preparation, sampling), in seconds
     * @param fusedElementwise whether the norms and the rotary embedding are costed as vLLM's fused
     *     kernels instead of taken from the table
     * @throws IllegalArgumentException if the overhead is negative or not finite
     */
    public LayerTablePerformanceModel(LayerTableProfile profile, ModelSpec model, AcceleratorSpec gpu,
            RooflineParameters parameters, double iterationOverheadSeconds, boolean fusedElementwise) {
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
        this.fusedKernels = fusedElementwise ? fusedKernels(profile, model, gpu, parameters) : null;
    }

    /**
     * Returns {@code base} with compute and memory efficiency fitted to {@code profile}, both capped at 1.
     *
     * <p>Memory efficiency is the bandwidth the matrix products and the output head reach for one
     * token: {@code weight bytes / (time x GPUs x peak bandwidth)}. The weight bytes include the
     * token embedding, which a step reads only in part, so the fitted value is too high by the
     * embedding's share of the weights. Compute efficiency is the FLOP/s of the whole table at its
     * largest token count over peak: {@code 2 x active parameters x tokens / (time x GPUs x peak
     * FLOP/s)}, so the roofline continues the table beyond its grid. With {@code fusedElementwise}
     * that time has the fused norm and rotary kernels, at the fitted memory efficiency, in place of
     * the measured ones, as {@link #iterationSeconds} costs them.
     */
    public static RooflineParameters fitRoofline(LayerTableProfile profile, ModelSpec model, AcceleratorSpec gpu,
            RooflineParameters base, boolean fusedElementwise) {
        int gpus = profile.tensorParallel();
        double smallSeconds = profile.layers() * profile.linearSeconds().valueAt(1)
                + profile.outputHeadSeconds().valueAt(1);
        double memoryEfficiency = Math.min(1.0,
                model.weightBytes() / (smallSeconds * gpus * gpu.memoryBandwidthBytesPerSecond()));

        double maxTokens = profile.perLayerSeconds().maxX();
        double perLayer = profile.perLayerSeconds().valueAt(maxTokens);
        double perModel = profile.perModelSeconds().valueAt(maxTokens);
        if (fusedElementwise) {
            RooflineParameters fittedMemory = withEfficiencies(base, base.computeEfficiency(), memoryEfficiency);
            FusedElementwiseKernels fused = fusedKernels(profile, model, gpu, fittedMemory);
            perLayer += fused.perLayerSeconds(maxTokens) - profile.normAndRotarySeconds().valueAt(maxTokens);
            perModel += fused.rmsNormSeconds(maxTokens) - profile.finalNormSeconds().valueAt(maxTokens);
        }
        double largeSeconds = profile.layers() * perLayer + perModel + profile.outputHeadSeconds().valueAt(1);
        double computeEfficiency = 2.0 * model.activeParameterCount() * maxTokens
                / (largeSeconds * gpus * gpu.denseTensorFlopsPerSecond());

        return withEfficiencies(base, Math.min(1.0, computeEfficiency), memoryEfficiency);
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
        double perModel = profile.perModelSeconds().valueAt(tokens);
        if (fusedKernels != null) {
            perLayer += fusedKernels.perLayerSeconds(tokens) - profile.normAndRotarySeconds().valueAt(tokens);
            perModel += fusedKernels.rmsNormSeconds(tokens) - profile.finalNormSeconds().valueAt(tokens);
        }
        return profile.layers() * perLayer + decodeAttentionSeconds(batch) + perModel
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

    /** Returns the fused kernels of one GPU, at its peak bandwidth times the memory efficiency. */
    private static FusedElementwiseKernels fusedKernels(LayerTableProfile profile, ModelSpec model,
            AcceleratorSpec gpu, RooflineParameters parameters) {
        return new FusedElementwiseKernels(model, profile.tensorParallel(), parameters.activationBytes(),
                gpu.memoryBandwidthBytesPerSecond() * parameters.memoryEfficiency());
    }

    private static RooflineParameters withEfficiencies(RooflineParameters base, double computeEfficiency,
            double memoryEfficiency) {
        return new RooflineParameters(computeEfficiency, memoryEfficiency, base.interconnectEfficiency(),
                base.allReduceStepLatencySeconds(), base.iterationOverheadSeconds(), base.activationBytes());
    }
}
