package org.orrery.model.inference;

/**
 * One inference request and the record of how it was served. Times are simulation seconds.
 *
 * <p>Metric definitions: TTFT runs from arrival to the end of the iteration that produced the
 * first output token; end-to-end latency runs from arrival to the end of the iteration that
 * produced the last token; TPOT is {@code (end-to-end - TTFT) / (outputTokens - 1)}, defined only
 * for more than one output token. A preempted request keeps the tokens it already produced, so its
 * TTFT is not reset and it is counted once.
 */
public final class LlmRequest {
    private final long id;
    private final double arrivalSeconds;
    private final int promptTokens;
    private final int outputTokens;

    RequestStatus status = RequestStatus.ARRIVED;
    int instanceId = -1;
    int generatedTokens;
    int kvBlocks;
    int prefillRemaining;
    int scheduledPrefillTokens;
    int preemptions;
    /** The free blocks that still contain this preempted request's context, or null. */
    FreeKvBlocks.Run retainedKvBlocks;
    double firstTokenSeconds = Double.NaN;
    double completionSeconds = Double.NaN;
    double energyJoules;
    RejectReason rejectReason;

    /**
     * Creates a request.
     *
     * @throws IllegalArgumentException if the arrival time is negative or a token count is not positive
     */
    public LlmRequest(long id, double arrivalSeconds, int promptTokens, int outputTokens) {
        if (!(arrivalSeconds >= 0) || Double.isInfinite(arrivalSeconds)) {
            throw new IllegalArgumentException("request " + id + ": arrival time must be finite and non-negative, got "
                    + arrivalSeconds);
        }
        if (promptTokens < 1 || outputTokens < 1) {
            throw new IllegalArgumentException("request " + id + ": prompt and output tokens must be at least 1, got "
                    + promptTokens + " and " + outputTokens);
        }
        this.id = id;
        this.arrivalSeconds = arrivalSeconds;
        this.promptTokens = promptTokens;
        this.outputTokens = outputTokens;
    }

    public long id() {
        return id;
    }

    public double arrivalSeconds() {
        return arrivalSeconds;
    }

    public int promptTokens() {
        return promptTokens;
    }

    public int outputTokens() {
        return outputTokens;
    }

    public RequestStatus status() {
        return status;
    }

    /** Returns the instance that served or rejected the request, or -1 before routing. */
    public int instanceId() {
        return instanceId;
    }

    public int generatedTokens() {
        return generatedTokens;
    }

    /** Returns how often the request lost its KV cache and had to be recomputed. */
    public int preemptions() {
        return preemptions;
    }

    /** Returns the time of the first output token, or NaN before it. */
    public double firstTokenSeconds() {
        return firstTokenSeconds;
    }

    /** Returns the time of the last output token, or NaN before completion. */
    public double completionSeconds() {
        return completionSeconds;
    }

    /** Returns the GPU energy attributed to the request: its share of the tokens of each iteration it took part in. */
    public double energyJoules() {
        return energyJoules;
    }

    /** Returns why the request was rejected, or null. */
    public RejectReason rejectReason() {
        return rejectReason;
    }

    /** Returns the time to first token in seconds, or NaN before the first token. */
    public double ttftSeconds() {
        return firstTokenSeconds - arrivalSeconds;
    }

    /** Returns the end-to-end latency in seconds, or NaN before completion. */
    public double endToEndSeconds() {
        return completionSeconds - arrivalSeconds;
    }

    /** Returns the time per output token after the first, or NaN for one output token or before completion. */
    public double tpotSeconds() {
        if (outputTokens < 2) {
            return Double.NaN;
        }
        return (completionSeconds - firstTokenSeconds) / (outputTokens - 1);
    }

    /** Returns the tokens whose KV the request needs after its next step: prompt plus generated tokens. */
    int contextTokens() {
        return promptTokens + generatedTokens;
    }
}
