package org.orrery.schedulers;

import java.util.List;

import org.orrery.model.inference.LlmRequest;
import org.orrery.model.inference.ServingInstance;
import org.orrery.model.scheduling.Router;

/**
 * Sends each request to the instance with the lowest {@code 4 x waiting + running} requests, the
 * score of vLLM's internal data-parallel load balancer ({@code DPLBAsyncMPClient} in
 * {@code vllm/v1/engine/core_client.py}), which weighs a queued request four times as much as a
 * running one. Ties go to the lowest index, as in vLLM with one API server, so the choice is
 * deterministic.
 *
 * <p>Limit: vLLM's front end reads the counts from a coordinator that publishes them about every
 * 100 ms, and between two publications adds each request it sends to its own copy of the waiting
 * count. This router reads the current counts at the instant of arrival instead.
 */
public final class VllmDataParallelRouter implements Router {
    /** How much more a waiting request weighs than a running one in vLLM's score. */
    static final int WAITING_WEIGHT = 4;

    @Override
    public int route(LlmRequest request, List<ServingInstance> instances) {
        int best = 0;
        long bestScore = score(instances.get(0));
        for (int i = 1; i < instances.size(); i++) {
            long score = score(instances.get(i));
            if (score < bestScore) {
                best = i;
                bestScore = score;
            }
        }
        return best;
    }

    private static long score(ServingInstance instance) {
        return (long) WAITING_WEIGHT * instance.waitingCount() + instance.runningCount();
    }
}
