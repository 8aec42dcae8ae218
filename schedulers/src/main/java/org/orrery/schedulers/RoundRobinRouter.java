package org.orrery.schedulers;

import java.util.List;

import org.orrery.model.inference.LlmRequest;
import org.orrery.model.inference.ServingInstance;
import org.orrery.model.scheduling.Router;

/** Sends request {@code k} to instance {@code k mod n}, ignoring load. */
public final class RoundRobinRouter implements Router {
    private int next;

    @Override
    public int route(LlmRequest request, List<ServingInstance> instances) {
        int chosen = next % instances.size();
        next = chosen + 1;
        return chosen;
    }
}
