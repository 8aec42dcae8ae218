package org.orrery.model.inference;

/**
 * Architecture facts of a decoder-only transformer that the performance and memory models need.
 *
 * <p>{@code parameterCount} counts every weight, embeddings included, so weight memory and the
 * 2-FLOP-per-parameter-per-token estimate both use it. The KV cache stores one key and one value
 * vector of {@code headDim()} elements per KV head, layer and token; grouped-query attention shows
 * as {@code kvHeads < attentionHeads}.
 *
 * @param name model name, for example {@code "Llama-2-70B"}
 * @param parameterCount number of weights
 * @param layers transformer layers
 * @param hiddenSize model (embedding) width
 * @param attentionHeads query heads per layer
 * @param kvHeads key/value heads per layer
 * @param bytesPerParameter bytes per stored weight (2 for BF16/FP16, 1 for FP8)
 * @param kvBytesPerElement bytes per stored KV-cache element
 * @param maxContextTokens longest prompt plus output the model accepts
 * @param activeParameterCount weights that one token passes through: all of them for a dense
 *     model, the shared weights plus the routed experts for a mixture of experts. FLOP counts use
 *     this; weight memory uses {@code parameterCount}.
 */
public record ModelSpec(
        String name,
        double parameterCount,
        int layers,
        int hiddenSize,
        int attentionHeads,
        int kvHeads,
        double bytesPerParameter,
        double kvBytesPerElement,
        int maxContextTokens,
        double activeParameterCount) {

    /** Creates the spec of a dense model, whose every weight is active for every token. */
    public ModelSpec(String name, double parameterCount, int layers, int hiddenSize, int attentionHeads, int kvHeads,
            double bytesPerParameter, double kvBytesPerElement, int maxContextTokens) {
        this(name, parameterCount, layers, hiddenSize, attentionHeads, kvHeads, bytesPerParameter, kvBytesPerElement,
                maxContextTokens, parameterCount);
    }

    /**
     * Validates the architecture.
     *
     * @throws IllegalArgumentException if a size is not positive, the hidden size is not a multiple
     *     of the head count, or the query heads are not a multiple of the KV heads
     */
    public ModelSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("model name must not be blank");
        }
        requirePositive(name, "parameterCount", parameterCount);
        requirePositive(name, "layers", layers);
        requirePositive(name, "hiddenSize", hiddenSize);
        requirePositive(name, "attentionHeads", attentionHeads);
        requirePositive(name, "kvHeads", kvHeads);
        requirePositive(name, "bytesPerParameter", bytesPerParameter);
        requirePositive(name, "kvBytesPerElement", kvBytesPerElement);
        requirePositive(name, "maxContextTokens", maxContextTokens);
        requirePositive(name, "activeParameterCount", activeParameterCount);
        if (activeParameterCount > parameterCount) {
            throw new IllegalArgumentException("model " + name + ": activeParameterCount " + activeParameterCount
                    + " exceeds parameterCount " + parameterCount);
        }
        if (hiddenSize % attentionHeads != 0) {
            throw new IllegalArgumentException("model " + name + ": hiddenSize " + hiddenSize
                    + " is not a multiple of attentionHeads " + attentionHeads);
        }
        if (attentionHeads % kvHeads != 0) {
            throw new IllegalArgumentException("model " + name + ": attentionHeads " + attentionHeads
                    + " is not a multiple of kvHeads " + kvHeads);
        }
    }

    /** Returns the width of one attention head. */
    public int headDim() {
        return hiddenSize / attentionHeads;
    }

    /** Returns the bytes of all weights. */
    public double weightBytes() {
        return parameterCount * bytesPerParameter;
    }

    /** Returns the KV-cache bytes one token occupies across all layers: 2 x layers x kvHeads x headDim x bytes. */
    public double kvBytesPerToken() {
        return 2.0 * layers * kvHeads * headDim() * kvBytesPerElement;
    }

    private static void requirePositive(String model, String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("model " + model + ": " + field + " must be positive and finite, got "
                    + value);
        }
    }
}
