package org.orrery.model.inference;

/**
 * Architecture facts of a decoder-only transformer that the performance and memory models need.
 *
 * <p>{@code parameterCount} counts every weight, embeddings included, so weight memory and the
 * 2-FLOP-per-parameter-per-token estimate both use it. The KV cache stores one key and one value
 * vector of {@code headDim} elements per KV head, layer and token; grouped-query attention shows
 * as {@code kvHeads < attentionHeads}.
 *
 * <p>Most models have {@code headDim = hiddenSize / attentionHeads}, and the constructors without
 * a {@code headDim} argument derive it so. Some set it independently (Qwen3-32B: 64 heads of 128
 * on a width of 5,120), so the attention width {@code attentionHeads x headDim} can differ from
 * {@code hiddenSize}.
 *
 * @param name model name, for example {@code "Llama-2-70B"}
 * @param parameterCount number of weights
 * @param layers transformer layers
 * @param hiddenSize model (embedding) width
 * @param attentionHeads query heads per layer
 * @param kvHeads key/value heads per layer
 * @param headDim width of one query, key or value head
 * @param bytesPerParameter bytes per stored weight (2 for BF16/FP16, 1 for FP8)
 * @param kvBytesPerElement bytes per stored KV-cache element
 * @param maxContextTokens longest prompt plus output the model accepts
 * @param activeParameterCount weights that one token passes through: all of them for a dense
 *     model, the shared weights plus the routed experts for a mixture of experts. FLOP counts use
 *     this; weight memory uses {@code parameterCount}.
 * @param experts the routed experts of a mixture-of-experts model, or null for a dense model
 */
public record ModelSpec(
        String name,
        double parameterCount,
        int layers,
        int hiddenSize,
        int attentionHeads,
        int kvHeads,
        int headDim,
        double bytesPerParameter,
        double kvBytesPerElement,
        int maxContextTokens,
        double activeParameterCount,
        MixtureOfExperts experts) {

    /**
     * Creates the spec of a dense model with an explicit head width.
     *
     * @throws IllegalArgumentException as the canonical constructor does
     */
    public ModelSpec(String name, double parameterCount, int layers, int hiddenSize, int attentionHeads, int kvHeads,
            int headDim, double bytesPerParameter, double kvBytesPerElement, int maxContextTokens,
            double activeParameterCount) {
        this(name, parameterCount, layers, hiddenSize, attentionHeads, kvHeads, headDim, bytesPerParameter,
                kvBytesPerElement, maxContextTokens, activeParameterCount, null);
    }

    /**
     * Creates the spec of a model whose head width is {@code hiddenSize / attentionHeads}.
     *
     * @throws IllegalArgumentException as the canonical constructor does, and also if the hidden
     *     size is not a multiple of the head count
     */
    public ModelSpec(String name, double parameterCount, int layers, int hiddenSize, int attentionHeads, int kvHeads,
            double bytesPerParameter, double kvBytesPerElement, int maxContextTokens, double activeParameterCount) {
        this(name, parameterCount, layers, hiddenSize, attentionHeads, kvHeads,
                defaultHeadDim(name, hiddenSize, attentionHeads), bytesPerParameter, kvBytesPerElement,
                maxContextTokens, activeParameterCount);
    }

    /**
     * Creates the spec of a dense model, whose every weight is active for every token, with a head
     * width of {@code hiddenSize / attentionHeads}.
     *
     * @throws IllegalArgumentException as the canonical constructor does, and also if the hidden
     *     size is not a multiple of the head count
     */
    public ModelSpec(String name, double parameterCount, int layers, int hiddenSize, int attentionHeads, int kvHeads,
            double bytesPerParameter, double kvBytesPerElement, int maxContextTokens) {
        this(name, parameterCount, layers, hiddenSize, attentionHeads, kvHeads, bytesPerParameter, kvBytesPerElement,
                maxContextTokens, parameterCount);
    }

    /**
     * Validates the architecture. The hidden size need not be a multiple of the head count here,
     * because {@code headDim} is given.
     *
     * @throws IllegalArgumentException if a size is not positive, the active parameters exceed the
     *     parameters, the query heads are not a multiple of the KV heads, or there are more MoE
     *     layers than layers
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
        requirePositive(name, "headDim", headDim);
        requirePositive(name, "bytesPerParameter", bytesPerParameter);
        requirePositive(name, "kvBytesPerElement", kvBytesPerElement);
        requirePositive(name, "maxContextTokens", maxContextTokens);
        requirePositive(name, "activeParameterCount", activeParameterCount);
        if (activeParameterCount > parameterCount) {
            throw new IllegalArgumentException("model " + name + ": activeParameterCount " + activeParameterCount
                    + " exceeds parameterCount " + parameterCount);
        }
        if (attentionHeads % kvHeads != 0) {
            throw new IllegalArgumentException("model " + name + ": attentionHeads " + attentionHeads
                    + " is not a multiple of kvHeads " + kvHeads);
        }
        if (experts != null && experts.moeLayers() > layers) {
            throw new IllegalArgumentException("model " + name + ": moeLayers " + experts.moeLayers()
                    + " exceeds layers " + layers);
        }
    }

    /** Returns whether the model routes tokens to experts. */
    public boolean isMixtureOfExperts() {
        return experts != null;
    }

    /** Returns the width of the concatenated query heads, {@code attentionHeads x headDim}. */
    public int attentionWidth() {
        return attentionHeads * headDim;
    }

    /** Returns the bytes of all weights. */
    public double weightBytes() {
        return parameterCount * bytesPerParameter;
    }

    /** Returns the KV-cache bytes one token occupies across all layers: 2 x layers x kvHeads x headDim x bytes. */
    public double kvBytesPerToken() {
        return 2.0 * layers * kvHeads * headDim * kvBytesPerElement;
    }

    /**
     * Returns {@code hiddenSize / attentionHeads}, the head width of models that do not set it.
     * Sizes that are not positive pass through as 0, for the canonical constructor to report.
     */
    private static int defaultHeadDim(String name, int hiddenSize, int attentionHeads) {
        if (hiddenSize <= 0 || attentionHeads <= 0) {
            return 0;
        }
        if (hiddenSize % attentionHeads != 0) {
            throw new IllegalArgumentException("model " + name + ": hiddenSize " + hiddenSize
                    + " is not a multiple of attentionHeads " + attentionHeads + ": give headDim explicitly");
        }
        return hiddenSize / attentionHeads;
    }

    private static void requirePositive(String model, String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("model " + model + ": " + field + " must be positive and finite, got "
                    + value);
        }
    }
}
