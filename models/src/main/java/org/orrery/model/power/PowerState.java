package org.orrery.model.power;

/** What a GPU is doing, as far as its power draw is concerned. */
public enum PowerState {
    /** No iteration running. */
    IDLE,
    /** An iteration that prefills at least one prompt: compute-bound. */
    PREFILL,
    /** An iteration of decode steps only: memory-bound. */
    DECODE
}
