package org.orrery.model.inference;

/** Where a request is in its life on a serving instance. */
public enum RequestStatus {
    /** Created, not yet handed to an instance. */
    ARRIVED,
    /** Waiting on an instance for admission (again, after a preemption). */
    WAITING,
    /** Admitted: holds KV cache and takes part in iterations. */
    RUNNING,
    /** All output tokens produced. */
    COMPLETED,
    /** Refused because it can never be served (see {@link LlmRequest#rejectReason()}). */
    REJECTED
}
