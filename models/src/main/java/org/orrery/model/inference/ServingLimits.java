package org.orrery.model.inference;

/**
 * Engine limits of a serving instance, named as vLLM names them.
 *
 * @param maxRunningSequences most requests running at once ({@code max_num_seqs})
 * @param maxBatchedTokens most tokens processed in one iteration, prefill and decode together
 *     ({@code max_num_batched_tokens})
 * @param gpuMemoryUtilization fraction of GPU memory the engine may use for weights and KV cache
 *     ({@code gpu_memory_utilization})
 * @param kvBlockTokens tokens per KV-cache block ({@code block_size})
 * @param chunkedPrefill whether a prompt may be prefilled over several iterations in chunks that
 *     fill the token budget left by decodes ({@code enable_chunked_prefill}, on by default in vLLM's
 *     V1 engine); without it a whole prompt must fit in one iteration
 * @param prefixCaching whether freed KV blocks keep their contents until they are reused, so that a
 *     preempted request recomputes only the part of its context that was overwritten
 *     ({@code enable_prefix_caching}, on by default in vLLM's V1 engine). Sharing of prompt
 *     prefixes between requests is not modelled.
 */
public record ServingLimits(int maxRunningSequences, int maxBatchedTokens, double gpuMemoryUtilization,
        int kvBlockTokens, boolean chunkedPrefill, boolean prefixCaching) {

    /** vLLM's defaults for max_num_seqs (256), gpu_memory_utilization (0.9) and block_size (16), with 8,192 batched tokens. */
    public static final ServingLimits DEFAULTS = new ServingLimits(256, 8192, 0.9, 16);

    /** Creates limits without chunked prefill and prefix caching. */
    public ServingLimits(int maxRunningSequences, int maxBatchedTokens, double gpuMemoryUtilization, int kvBlockTokens) {
        this(maxRunningSequences, maxBatchedTokens, gpuMemoryUtilization, kvBlockTokens, false, false);
    }

    /** Creates limits without prefix caching. */
    public ServingLimits(int maxRunningSequences, int maxBatchedTokens, double gpuMemoryUtilization, int kvBlockTokens,
            boolean chunkedPrefill) {
        this(maxRunningSequences, maxBatchedTokens, gpuMemoryUtilization, kvBlockTokens, chunkedPrefill, false);
    }

    /** Returns these limits with chunked prefill switched on or off. */
    public ServingLimits withChunkedPrefill(boolean enabled) {
        return new ServingLimits(maxRunningSequences, maxBatchedTokens, gpuMemoryUtilization, kvBlockTokens, enabled,
                prefixCaching);
    }

    /** Returns these limits with prefix caching switched on or off. */
    public ServingLimits withPrefixCaching(boolean enabled) {
        return new ServingLimits(maxRunningSequences, maxBatchedTokens, gpuMemoryUtilization, kvBlockTokens,
                chunkedPrefill, enabled);
    }

    /**
     * Validates the limits.
     *
     * @throws IllegalArgumentException if a count is not positive or the utilization is outside (0, 1]
     */
    public ServingLimits {
        if (maxRunningSequences < 1) {
            throw new IllegalArgumentException("max_running_sequences must be at least 1, got " + maxRunningSequences);
        }
        if (maxBatchedTokens < 1) {
            throw new IllegalArgumentException("max_batched_tokens must be at least 1, got " + maxBatchedTokens);
        }
        if (!(gpuMemoryUtilization > 0 && gpuMemoryUtilization <= 1)) {
            throw new IllegalArgumentException("gpu_memory_utilization must be in (0, 1], got " + gpuMemoryUtilization);
        }
        if (kvBlockTokens < 1) {
            throw new IllegalArgumentException("kv_block_tokens must be at least 1, got " + kvBlockTokens);
        }
    }
}
