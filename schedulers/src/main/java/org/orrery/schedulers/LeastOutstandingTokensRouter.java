package org.orrery.schedulers;

import java.util.List;

import org.orrery.model.inference.LlmRequest;
import org.orrery.model.inference.ServingInstance;
import org.orrery.model.scheduling.Router;

/**
 * Sends each request to the instance with the fewest outstanding tokens (prompts not yet prefilled
 * plus outputs not yet produced). Ties go to the lowest index, so the choice is deterministic.
 * The load is read at the instant of arrival, as a router with perfect, current information would.
 */
public final class LeastOutstandingTokensRouter implements Router {

    @Override
    public int route(LlmRequest request, List<ServingInstance> instances) {
        int best = 0;
        long bestTokens = instances.get(0).outstandingTokens();
        for (int i = 1; i < instances.size(); i++) {
            long tokens = instances.get(i).outstandingTokens();
            if (tokens < bestTokens) {
                best = i;
                bestTokens = tokens;
            }
        }
        return best;
    }
}
