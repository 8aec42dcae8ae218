package org.orrery.model.scheduling;

import java.util.List;

import org.orrery.model.inference.LlmRequest;
import org.orrery.model.inference.ServingInstance;

/** Chooses the serving instance that receives an arriving request. */
public interface Router {

    /** Returns the index in {@code instances} of the instance that gets {@code request}; the list is not empty. */
    int route(LlmRequest request, List<ServingInstance> instances);
}
