package org.orrery.experiments.run;

import java.util.EnumMap;
import java.util.Map;

import org.orrery.model.inference.LlmRequest;
import org.orrery.model.inference.RejectReason;
import org.orrery.model.inference.RequestStatus;

/**
 * Totals and latency samples over finished requests, updated one request at a time so that a run's
 * memory does not grow with the length of its trace.
 */
public final class RequestStatistics {
    private long finished;
    private long completed;
    private long preemptions;
    private long completedPromptTokens;
    private long completedOutputTokens;
    private double attributedEnergyJoules;
    private final Map<RejectReason, Long> rejectedByReason = new EnumMap<>(RejectReason.class);
    private final LatencySample ttft = new LatencySample();
    private final LatencySample tpot = new LatencySample();
    private final LatencySample endToEnd = new LatencySample();

    /** Adds a completed or rejected request. */
    public void add(LlmRequest request) {
        finished++;
        preemptions += request.preemptions();
        attributedEnergyJoules += request.energyJoules();
        if (request.status() == RequestStatus.REJECTED) {
            rejectedByReason.merge(request.rejectReason(), 1L, Long::sum);
            return;
        }
        completed++;
        completedPromptTokens += request.promptTokens();
        completedOutputTokens += request.outputTokens();
        ttft.add(request.ttftSeconds());
        tpot.add(request.tpotSeconds());
        endToEnd.add(request.endToEndSeconds());
    }

    /** Returns the requests that completed or were rejected. */
    public long finished() {
        return finished;
    }

    public long completed() {
        return completed;
    }

    public long rejected() {
        return finished - completed;
    }

    /** Returns the rejected requests with {@code reason}. */
    public long rejected(RejectReason reason) {
        return rejectedByReason.getOrDefault(reason, 0L);
    }

    public long preemptions() {
        return preemptions;
    }

    public long completedPromptTokens() {
        return completedPromptTokens;
    }

    public long completedOutputTokens() {
        return completedOutputTokens;
    }

    /** Returns the GPU energy attributed to requests, in joules. */
    public double attributedEnergyJoules() {
        return attributedEnergyJoules;
    }

    public LatencySample ttft() {
        return ttft;
    }

    public LatencySample tpot() {
        return tpot;
    }

    public LatencySample endToEnd() {
        return endToEnd;
    }
}
