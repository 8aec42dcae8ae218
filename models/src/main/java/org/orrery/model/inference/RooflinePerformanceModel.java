package org.orrery.model.inference;

import org.orrery.hardware.AcceleratorSpec;

/**
 * Iteration time of a tensor-parallel transformer instance from a roofline: the slower of compute
 * and memory traffic plus the all-reduces of tensor parallelism, at least the host's time per
 * iteration, plus fixed costs.
 *
 * <ul>
 *   <li>FLOPs: {@code 2 x active parameters} per processed token (the weight matrix products) plus
 *       {@code 4 x layers x attentionHeads x headDim} per attended (query, key) pair (scores and
 *       weighted sum). The attention width {@code attentionHeads x headDim} equals
 *       {@code hiddenSize} for most models but not for all (Gemma 3, Qwen3).
 *   <li>Bytes: all weights once per iteration, plus the KV cache read by every decode step and
 *       cached prefix, plus the KV written for new prompt tokens. Weights and KV are split evenly
 *       over the {@code p} GPUs.
 *   <li>Compute time is matrix-product FLOPs / (p x peak x computeEfficiency) plus attention FLOPs
 *       / (p x peak x attentionEfficiency); memory time is bytes / (p x bandwidth x
 *       memoryEfficiency); the GPU work takes the larger of the two.
 *   <li>All-reduce: two per layer (after attention and after the MLP) over {@code tokens x
 *       hiddenSize} activations; a ring takes {@code 2(p-1)} steps of latency and moves
 *       {@code 2(p-1)/p} of the message over each GPU's link.
 *   <li>Host floor: the host schedules the iteration and launches its kernels while the GPUs
 *       run the kernels already launched, so the iteration lasts {@code max(GPU work + all-reduces
 *       + iteration overhead, host time)}. An iteration with little GPU work waits for the host.
 *       In splitwise-sim's measurements of Llama-2-70B, a decode step at batch 1 after a 512-token
 *       prompt takes as long on 8 GPUs as on 4, although each GPU of the 8 reads half the weights.
 *       It takes 44.9 and 45.0 ms on DGX-A100, 29.8 and 29.7 ms on DGX-H100 (medians of 15 runs).
 *   <li>Per-prompt cost: each prompt prefilled in the iteration adds a fixed time that does not
 *       overlap with the GPU work (input preparation, per-sequence kernels). The same measurements
 *       show it on DGX-A100: 4 prompts of 512 tokens take 571 ms at TP 4, one prompt of 2,048
 *       tokens 403 ms (medians of 5 runs), although the single prompt has more attention work.
 * </ul>
 *
 * <p>Source: the roofline bound (time is the larger of work over peak rate and traffic over peak
 * bandwidth); the FLOP and byte counts follow from the architecture in {@link ModelSpec}.
 * Assumptions and limits: compute and memory do not overlap partially (max, not sum); host and
 * GPU overlap completely (max, not sum); KV heads divide evenly over the GPUs even when
 * {@code kvHeads < p}, which understates memory traffic there; a mixture of experts reads all its
 * weights every iteration, which overstates memory traffic at small batches; no pipeline
 * parallelism; the defaults in {@link RooflineParameters#DEFAULTS} were fitted to one model on one
 * system, so errors are larger for other models, GPUs and software stacks.
 */
public final class RooflinePerformanceModel implements PerformanceModel {
    private final ModelSpec model;
    private final int tensorParallel;
    private final RooflineParameters parameters;
    private final double aggregateFlopsPerSecond;
    private final double aggregateBytesPerSecond;
    private final double linkBytesPerSecond;
    private final double attentionFlopsPerPair;
    private final double attentionFlopsPerSecond;
    private final double allReduceLatencySeconds;

    /**
     * Creates the model of {@code model} served on {@code tensorParallel} GPUs of type {@code gpu}.
     *
     * @throws IllegalArgumentException if {@code tensorParallel} is not positive
     */
    public RooflinePerformanceModel(ModelSpec model, AcceleratorSpec gpu, int tensorParallel,
            RooflineParameters parameters) {
        if (tensorParallel < 1) {
            throw new IllegalArgumentException("tensor parallelism must be at least 1, got " + tensorParallel);
        }
        this.model = model;
        this.tensorParallel = tensorParallel;
        this.parameters = parameters;
        this.aggregateFlopsPerSecond = tensorParallel * gpu.denseTensorFlopsPerSecond() * parameters.computeEfficiency();
        this.aggregateBytesPerSecond = tensorParallel * gpu.memoryBandwidthBytesPerSecond()
                * parameters.memoryEfficiency();
        this.linkBytesPerSecond = gpu.intraNodeBandwidthBytesPerSecond() * parameters.interconnectEfficiency();
        this.attentionFlopsPerPair = 4.0 * model.layers() * model.attentionWidth();
        this.attentionFlopsPerSecond = tensorParallel * gpu.denseTensorFlopsPerSecond()
                * parameters.attentionEfficiency();
        this.allReduceLatencySeconds = 2.0 * (tensorParallel - 1) * parameters.allReduceStepLatencySeconds();
    }

    @Override
    public double iterationSeconds(IterationBatch batch) {
        double gpuSeconds = Math.max(computeSeconds(batch), bytes(batch) / aggregateBytesPerSecond)
                + allReduceSeconds(batch) + parameters.iterationOverheadSeconds();
        return Math.max(gpuSeconds, parameters.hostSecondsPerIteration())
                + batch.prefillSequences() * parameters.prefillSecondsPerSequence();
    }

    /** Returns the matrix-product time at the compute efficiency plus the attention time at the attention efficiency. */
    public double computeSeconds(IterationBatch batch) {
        double linearFlops = 2.0 * model.activeParameterCount() * batch.processedTokens();
        return linearFlops / aggregateFlopsPerSecond + attentionFlopsPerPair * attentionPairs(batch) / attentionFlopsPerSecond;
    }

    /** Returns the floating-point operations of the batch. */
    public double flops(IterationBatch batch) {
        double linear = 2.0 * model.activeParameterCount() * batch.processedTokens();
        return linear + attentionFlopsPerPair * attentionPairs(batch);
    }

    /** Returns the bytes moved between memory and the cores over all GPUs of the instance. */
    public double bytes(IterationBatch batch) {
        long kvTokens = batch.decodeContextTokens() + batch.prefillCachedTokens() + batch.prefillTokens();
        return model.weightBytes() + model.kvBytesPerToken() * kvTokens;
    }

    /** Returns the time of the tensor-parallel all-reduces of the batch; zero on one GPU. */
    public double allReduceSeconds(IterationBatch batch) {
        if (tensorParallel == 1) {
            return 0.0;
        }
        double messageBytes = batch.processedTokens() * model.hiddenSize() * parameters.activationBytes();
        double transferSeconds = 2.0 * (tensorParallel - 1) / tensorParallel * messageBytes / linkBytesPerSecond;
        return 2.0 * model.layers() * (allReduceLatencySeconds + transferSeconds);
    }

    private static double attentionPairs(IterationBatch batch) {
        return batch.prefillAttentionPairs() + batch.decodeContextTokens();
    }
}
