package org.orrery.model.inference;

/**
 * Time of the RMS norms and the rotary embedding of a Llama-style layer as vLLM runs them: one
 * fused kernel each, bound by memory bandwidth. {@link LayerTablePerformanceModel} puts these
 * times in place of a layer table's norm and rotary rows, which eager PyTorch measured as many
 * small kernels each.
 *
 * <p>Each kernel takes a fixed time plus the bytes it moves at the achieved bandwidth of one GPU:
 * <ul>
 *   <li>RMS norm with the residual addition, over the full width {@code h} on every GPU of the
 *       group: it reads the input and the residual and writes both back, {@code (4 x tokens + 1)
 *       x h} elements with the weight vector;</li>
 *   <li>rotary embedding, in place on the query and key heads of one GPU: it reads and writes
 *       them and reads one cosine and sine row per token, {@code (2 x (q heads + KV heads) + 1) x
 *       tokens x headDim} elements.</li>
 * </ul>
 *
 * <p>Source of the fixed times: the one-token rows of the two vLLM 0.19.0 layer-wise profiles
 * bundled with Orrery (LLMServingSim 2.0, Llama-3.1-8B, eager mode, on an RTX 4090 and an RTX PRO
 * 6000). Their {@code layernorm} and {@code final_layernorm} rows take 1.85 to 2.42 us, mean
 * 2.16 us, and their {@code rotary_emb} rows take 2.18 and 2.71 us, mean 2.44 us. At one token a
 * norm of width 4,096 moves 41 KB, so the time is launch and reduction latency, which is taken to
 * be the same on every GPU.
 *
 * <p>Assumptions and limits: the residual addition that the Hugging Face code runs as a separate,
 * untimed kernel is part of the fused norm, as in vLLM; the first layer's norm, which has no
 * residual yet, is costed like the others; every byte comes from memory, although the activations
 * of a small batch can stay in the L2 cache, so the time of a large batch may be overstated.
 * NOTE: the fixed times were measured at a width of 4,096, and a wider model's norm may take
 * longer at small batches (Vidur's H100 profile of older vLLM kernels gives 6 us at width 8,192
 * against 4 us at 4,096).
 */
public final class FusedElementwiseKernels {
    /** Fixed time of one fused RMS norm kernel, in seconds. */
    public static final double RMS_NORM_FIXED_SECONDS = 2.16e-6;

    /** Fixed time of one rotary-embedding kernel, in seconds. */
    public static final double ROTARY_FIXED_SECONDS = 2.44e-6;

    private final double normElementsPerToken;
    private final double normWeightElements;
    private final double rotaryElementsPerToken;
    private final double bytesPerElement;
    private final double bytesPerSecond;

    /**
     * Creates the kernel times of {@code model} on each GPU of a {@code tensorParallel}-way group.
     *
     * @param bytesPerElement bytes of one activation element
     * @param bytesPerSecond achieved memory bandwidth of one GPU, in bytes per second
     * @throws IllegalArgumentException if the degree is not positive or a size is not positive and finite
     */
    public FusedElementwiseKernels(ModelSpec model, int tensorParallel, double bytesPerElement,
            double bytesPerSecond) {
        if (tensorParallel < 1) {
            throw new IllegalArgumentException("tensor parallelism must be at least 1, got " + tensorParallel);
        }
        if (!(bytesPerElement > 0) || !(bytesPerSecond > 0) || Double.isInfinite(bytesPerElement)
                || Double.isInfinite(bytesPerSecond)) {
            throw new IllegalArgumentException("bytes per element and bandwidth must be positive and finite, got "
                    + bytesPerElement + " B and " + bytesPerSecond + " B/s");
        }
        double queryHeads = (double) model.attentionHeads() / tensorParallel;
        double kvHeads = Math.max(1.0, (double) model.kvHeads() / tensorParallel);
        this.normElementsPerToken = 4.0 * model.hiddenSize();
        this.normWeightElements = model.hiddenSize();
        this.rotaryElementsPerToken = (2 * (queryHeads + kvHeads) + 1) * model.headDim();
        this.bytesPerElement = bytesPerElement;
        this.bytesPerSecond = bytesPerSecond;
    }

    /** Returns the time of one fused RMS norm over {@code tokens} tokens, in seconds. */
    public double rmsNormSeconds(double tokens) {
        double bytes = (normElementsPerToken * tokens + normWeightElements) * bytesPerElement;
        return RMS_NORM_FIXED_SECONDS + bytes / bytesPerSecond;
    }

    /** Returns the time of one rotary embedding over {@code tokens} tokens, in seconds. */
    public double rotarySeconds(double tokens) {
        return ROTARY_FIXED_SECONDS + rotaryElementsPerToken * tokens * bytesPerElement / bytesPerSecond;
    }

    /** Returns the two norms and the rotary embedding of one layer over {@code tokens} tokens, in seconds. */
    public double perLayerSeconds(double tokens) {
        return 2 * rmsNormSeconds(tokens) + rotarySeconds(tokens);
    }
}
