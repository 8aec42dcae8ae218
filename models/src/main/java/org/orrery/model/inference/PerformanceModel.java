package org.orrery.model.inference;

/** Predicts how long one serving iteration takes on one instance. */
public interface PerformanceModel {

    /** Returns the duration in seconds of an iteration that executes {@code batch}; the batch is not empty. */
    double iterationSeconds(IterationBatch batch);
}
