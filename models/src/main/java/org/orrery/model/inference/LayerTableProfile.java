package org.orrery.model.inference;

import java.util.Objects;

/**
 * Measured sub-layer times of one model on one GPU type and tensor-parallel degree, in seconds, as
 * a layer table records them. Each sub-layer is timed alone for one prompt of 1 to N tokens with an
 * empty KV cache, on one GPU's shard of the weights, without the collectives between the GPUs.
 * Decode attention over a KV cache is not measured in such a table.
 *
 * @param modelName the model the table was measured for
 * @param tensorParallel GPUs per instance during the measurement
 * @param layers transformer layers of the full model; each per-layer time counts this many times
 * @param perLayerSeconds one transformer layer without attention (norms, projections, rotary
 *     embedding, MLP) against the tokens of the iteration
 * @param linearSeconds the matrix products of one transformer layer (the query, key, value, output
 *     and MLP projections) against the tokens of the iteration; a part of {@code perLayerSeconds}
 * @param normAndRotarySeconds the two RMS norms and the rotary embedding of one transformer layer
 *     against the tokens of the iteration; a part of {@code perLayerSeconds}
 * @param perModelSeconds the layers that run once per iteration (token embedding, final norm)
 *     against the tokens of the iteration
 * @param finalNormSeconds the final RMS norm against the tokens of the iteration; a part of
 *     {@code perModelSeconds}
 * @param outputHeadSeconds the output head against the sequences of the iteration, one token each
 * @param prefillAttentionSeconds attention of one layer for one prompt with nothing cached, against
 *     the prompt's tokens
 * @param provenance the stack the table was measured on
 */
public record LayerTableProfile(
        String modelName,
        int tensorParallel,
        int layers,
        MeasuredCurve perLayerSeconds,
        MeasuredCurve linearSeconds,
        MeasuredCurve normAndRotarySeconds,
        MeasuredCurve perModelSeconds,
        MeasuredCurve finalNormSeconds,
        MeasuredCurve outputHeadSeconds,
        MeasuredCurve prefillAttentionSeconds,
        ProfileProvenance provenance) {

    /**
     * Validates the profile.
     *
     * @throws IllegalArgumentException if the tensor-parallel degree or the layer count is not positive
     * @throws NullPointerException if a table is missing
     */
    public LayerTableProfile {
        if (tensorParallel < 1 || layers < 1) {
            throw new IllegalArgumentException("layer table of " + modelName + ": tensor parallelism and layers must "
                    + "be at least 1, got " + tensorParallel + " and " + layers);
        }
        Objects.requireNonNull(perLayerSeconds, "perLayerSeconds");
        Objects.requireNonNull(linearSeconds, "linearSeconds");
        Objects.requireNonNull(normAndRotarySeconds, "normAndRotarySeconds");
        Objects.requireNonNull(perModelSeconds, "perModelSeconds");
        Objects.requireNonNull(finalNormSeconds, "finalNormSeconds");
        Objects.requireNonNull(outputHeadSeconds, "outputHeadSeconds");
        Objects.requireNonNull(prefillAttentionSeconds, "prefillAttentionSeconds");
        Objects.requireNonNull(provenance, "provenance");
    }
}
