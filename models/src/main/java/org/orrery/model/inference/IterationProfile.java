package org.orrery.model.inference;

import java.util.Objects;

/**
 * Measured operator times of one model on one GPU type and tensor-parallel degree, in seconds, as
 * a layer-wise profiler records them. Non-attention layers depend on the tokens of the iteration;
 * attention depends on the tokens and on the cached context; the output head and the sampler run
 * once per sequence.
 *
 * @param modelName the model the tables were measured for
 * @param tensorParallel GPUs per instance during the measurement
 * @param layers transformer layers of the full model; each per-layer time counts this many times
 * @param perLayerSeconds time of one transformer layer without attention (projections, MLP, norms,
 *     rotary embedding) against the tokens of the iteration
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
        ProfileProvenance provenance) {

    /**
     * Validates the profile.
     *
     * @throws IllegalArgumentException if the tensor-parallel degree or the layer count is not positive
     * @throws NullPointerException if a table other than the mixed attention table is missing
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
    }

    /** Creates a profile without mixed-batch attention measurements. */
    public IterationProfile(String modelName, int tensorParallel, int layers, MeasuredCurve perLayerSeconds,
            MeasuredCurve perModelSeconds, MeasuredCurve perSequenceSeconds, MeasuredSurface prefillAttentionSeconds,
            MeasuredSurface decodeAttentionSeconds, ProfileProvenance provenance) {
        this(modelName, tensorParallel, layers, perLayerSeconds, perModelSeconds, perSequenceSeconds,
                prefillAttentionSeconds, decodeAttentionSeconds, null, provenance);
    }

    /** Returns the time of all non-attention layers for {@code tokens} tokens, interpolated. */
    public double denseSeconds(double tokens) {
        return layers * perLayerSeconds.valueAt(tokens) + perModelSeconds.valueAt(tokens);
    }
}
