package org.orrery.model.inference;

import java.util.Objects;

/**
 * Measured operator times of one model on one GPU type and tensor-parallel degree, in seconds, as
 * a layer-wise profiler records them. Non-attention layers depend on the tokens of the iteration;
 * attention depends on the tokens and on the cached context; the output head and the sampler run
 * once per sequence. A mixture-of-experts profile adds the time of one MoE layer against tokens and
 * activated experts.
 *
 * @param modelName the model the tables were measured for
 * @param tensorParallel GPUs per instance during the measurement
 * @param layers transformer layers of the full model; each per-layer time counts this many times
 * @param perLayerSeconds time of one transformer layer without attention (projections, MLP, norms,
 *     rotary embedding) against the tokens of the iteration; in a mixture-of-experts profile it
 *     excludes the MoE layer, which {@code moeLayerSeconds} times
 * @param perModelSeconds time of the layers that run once per iteration (token embedding, final
 *     norm) against the tokens of the iteration
 * @param perSequenceSeconds time of the output head and the sampler against the sequences of the iteration
 * @param prefillAttentionSeconds attention time of one layer for one prefill chunk, against the
 *     chunk's tokens ({@code x}) and the tokens already cached for that sequence ({@code y})
 * @param decodeAttentionSeconds attention time of one layer for a decode batch, against the
 *     number of sequences ({@code x}) and the context tokens of each ({@code y})
 * @param mixedAttentionSeconds attention time of one layer for one prefill chunk served in the
 *     same attention call as a decode batch, or null when the profile did not measure mixed
 *     batches. It can differ a lot from the sum of the prefill and decode times.
 * @param experts the routing of the model's experts, or null for a dense model's profile
 * @param moeLayerSeconds time of one MoE layer on one GPU against tokens and activated experts, or
 *     null for a dense model's profile
 * @param provenance the stack the tables were measured on
 */
public record IterationProfile(
        String modelName,
        int tensorParallel,
        int layers,
        MeasuredCurve perLayerSeconds,
        MeasuredCurve perModelSeconds,
        MeasuredCurve perSequenceSeconds,
        MeasuredSurface prefillAttentionSeconds,
        MeasuredSurface decodeAttentionSeconds,
        MixedAttentionTable mixedAttentionSeconds,
        MixtureOfExperts experts,
        MoeLayerTable moeLayerSeconds,
        ProfileProvenance provenance) {

    /**
     * Validates the profile.
     *
     * @throws IllegalArgumentException if the tensor-parallel degree or the layer count is not positive
     * @throws IllegalArgumentException also if only one of the experts and the MoE table is given,
     *     or every layer's MLP is a mixture of experts but some are not
     * @throws NullPointerException if a table other than the mixed attention and MoE tables is missing
     */
    public IterationProfile {
        if (tensorParallel < 1 || layers < 1) {
            throw new IllegalArgumentException("profile of " + modelName + ": tensor parallelism and layers must be "
                    + "at least 1, got " + tensorParallel + " and " + layers);
        }
        Objects.requireNonNull(perLayerSeconds, "perLayerSeconds");
        Objects.requireNonNull(perModelSeconds, "perModelSeconds");
        Objects.requireNonNull(perSequenceSeconds, "perSequenceSeconds");
        Objects.requireNonNull(prefillAttentionSeconds, "prefillAttentionSeconds");
        Objects.requireNonNull(decodeAttentionSeconds, "decodeAttentionSeconds");
        Objects.requireNonNull(provenance, "provenance");
        if ((experts == null) != (moeLayerSeconds == null)) {
            throw new IllegalArgumentException("profile of " + modelName + ": a mixture-of-experts profile needs both "
                    + "the routing of the experts and the MoE layer table");
        }
        if (experts != null && experts.moeLayers() != layers) {
            throw new IllegalArgumentException("profile of " + modelName + ": " + experts.moeLayers() + " of " + layers
                    + " layers are MoE layers, but the profile model supports only models whose every layer is one");
        }
    }

    /** Creates a profile of a dense model. */
    public IterationProfile(String modelName, int tensorParallel, int layers, MeasuredCurve perLayerSeconds,
            MeasuredCurve perModelSeconds, MeasuredCurve perSequenceSeconds, MeasuredSurface prefillAttentionSeconds,
            MeasuredSurface decodeAttentionSeconds, MixedAttentionTable mixedAttentionSeconds,
            ProfileProvenance provenance) {
        this(modelName, tensorParallel, layers, perLayerSeconds, perModelSeconds, perSequenceSeconds,
                prefillAttentionSeconds, decodeAttentionSeconds, mixedAttentionSeconds, null, null, provenance);
    }

    /** Creates a profile of a dense model without mixed-batch attention measurements. */
    public IterationProfile(String modelName, int tensorParallel, int layers, MeasuredCurve perLayerSeconds,
            MeasuredCurve perModelSeconds, MeasuredCurve perSequenceSeconds, MeasuredSurface prefillAttentionSeconds,
            MeasuredSurface decodeAttentionSeconds, ProfileProvenance provenance) {
        this(modelName, tensorParallel, layers, perLayerSeconds, perModelSeconds, perSequenceSeconds,
                prefillAttentionSeconds, decodeAttentionSeconds, null, provenance);
    }

    /** Returns whether the profile times a mixture-of-experts layer. */
    public boolean hasExperts() {
        return experts != null;
    }

    /**
     * Returns the time of all non-attention layers for {@code tokens} tokens on one GPU, interpolated.
     * The MoE layers of a mixture of experts count with every expert on this GPU, as the profiler
     * measured them.
     */
    public double denseSeconds(double tokens) {
        double seconds = layers * perLayerSeconds.valueAt(tokens) + perModelSeconds.valueAt(tokens);
        if (experts != null) {
            seconds += experts.moeLayers() * moeSeconds(tokens, 1);
        }
        return seconds;
    }

    /**
     * Returns whether {@link #moeSeconds} stays inside the measured grid.
     *
     * @throws IllegalStateException if the profile has no MoE layer
     */
    public boolean coversMoe(double groupTokens, int expertParallel) {
        requireExperts();
        return moeLayerSeconds.covers(equivalentMoeTokens(groupTokens, expertParallel),
                experts.expectedActivatedExperts(groupTokens, expertParallel));
    }

    /**
     * Returns the expected time of one MoE layer on one GPU of an expert-parallel group of
     * {@code expertParallel} GPUs that together route {@code groupTokens} tokens. The table is read
     * at the expected distinct experts the GPU activates (see {@link MixtureOfExperts}) and at the
     * token count whose {@code k} pairs per token equal the GPU's expected (token, expert) pairs,
     * {@code groupTokens / expertParallel}, so that the experts' matrix products do the measured
     * amount of work. The router and the sorting of the pairs run over every gathered token, which
     * this reading counts at the smaller token count.
     *
     * @throws IllegalStateException if the profile has no MoE layer
     * @throws IllegalArgumentException if the point is outside the measured grid
     */
    public double moeSeconds(double groupTokens, int expertParallel) {
        requireExperts();
        return moeLayerSeconds.valueAt(equivalentMoeTokens(groupTokens, expertParallel),
                experts.expectedActivatedExperts(groupTokens, expertParallel));
    }

    private double equivalentMoeTokens(double groupTokens, int expertParallel) {
        return experts.expectedLocalAssignments(groupTokens, expertParallel) / experts.expertsPerToken();
    }

    private void requireExperts() {
        if (experts == null) {
            throw new IllegalStateException("profile of " + modelName + " has no mixture-of-experts layer");
        }
    }
}
