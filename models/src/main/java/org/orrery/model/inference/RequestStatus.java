package org.orrery.model.inference;

/** The stage of a request's life on a serving instance. */
public enum RequestStatus {
    /** Created, not yet handed to an instance. */
    ARRIVED,
    /** Waiting on an instance for admission (again, after a preemption). */
    WAITING,
    /** Admitted: has KV-cache blocks and takes part in iterations. */
    RUNNING,
    /** All output tokens produced. */
    COMPLETED,
    /** Rejected because it can never be served (see {@link LlmRequest#rejectReason()}). */
    REJECTED
}
