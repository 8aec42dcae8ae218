package org.orrery.model.inference;

/**
 * Placement of a mixture-of-experts model's experts over GPUs, and the cost of bringing the tokens
 * to them and their outputs back.
 *
 * <p>With expert parallelism of degree {@code p}, each GPU stores {@code 1 / p} of the experts of
 * every MoE layer. Each MoE layer gathers the hidden states of all {@code p} GPUs' tokens on every
 * GPU before the experts (an all-gather), and after them sums each token's expert outputs back on
 * the GPU that owns the token (a reduce-scatter). This is the exchange of vLLM's default
 * {@code all2all_backend}, {@code allgather_reducescatter} (read in vLLM 0.25.0's
 * {@code vllm/config/parallel.py}). Each collective runs as a ring: {@code p - 1} steps, each with
 * a fixed latency, and each GPU receives {@code (p - 1) / p} of the gathered message over its link.
 *
 * <p>Limits: the ring formula assumes the collectives reach the given share of the link bandwidth
 * and do not overlap with computation. The router weights and expert choices that travel with the
 * hidden states are not counted.
 *
 * @param degree GPUs that share the experts (vLLM: data-parallel ranks x tensor-parallel GPUs); 1
 *     when every GPU stores every expert
 * @param messageBytesPerToken bytes of one token's hidden state in the exchange (width x bytes per
 *     element)
 * @param linkBytesPerSecond bandwidth that one GPU's link reaches in each direction
 * @param stepLatencySeconds fixed latency of each step of a ring collective
 */
public record ExpertParallelism(int degree, double messageBytesPerToken, double linkBytesPerSecond,
        double stepLatencySeconds) {

    /** Every GPU stores every expert, so nothing is exchanged. */
    public static final ExpertParallelism NONE = new ExpertParallelism(1, 0, 1, 0);

    /**
     * Validates the parameters.
     *
     * @throws IllegalArgumentException if the degree is not positive, the bandwidth is not positive
     *     and finite, or a size or latency is negative
     */
    public ExpertParallelism {
        if (degree < 1) {
            throw new IllegalArgumentException("expert parallelism must be at least 1, got " + degree);
        }
        if (!(linkBytesPerSecond > 0) || Double.isInfinite(linkBytesPerSecond)) {
            throw new IllegalArgumentException("link bandwidth must be positive and finite, got " + linkBytesPerSecond
                    + " B/s");
        }
        if (!(messageBytesPerToken >= 0) || !(stepLatencySeconds >= 0) || Double.isInfinite(messageBytesPerToken)
                || Double.isInfinite(stepLatencySeconds)) {
            throw new IllegalArgumentException("message size and step latency must be finite and non-negative, got "
                    + messageBytesPerToken + " B and " + stepLatencySeconds + " s");
        }
    }

    /**
     * Returns the time of one MoE layer's exchange, the all-gather before the experts and the
     * reduce-scatter after them, for {@code groupTokens} tokens of all GPUs together; 0 when
     * {@code degree} is 1.
     */
    public double exchangeSeconds(long groupTokens) {
        if (degree == 1) {
            return 0.0;
        }
        double receivedBytes = (degree - 1.0) / degree * groupTokens * messageBytesPerToken;
        double collectiveSeconds = (degree - 1) * stepLatencySeconds + receivedBytes / linkBytesPerSecond;
        return 2.0 * collectiveSeconds;
    }
}
