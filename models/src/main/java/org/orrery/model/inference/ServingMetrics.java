package org.orrery.model.inference;

import org.orrery.core.StepSeries;

/** Cluster-wide counts that serving instances keep up to date, as exact step series for time series output. */
public final class ServingMetrics {
    private final StepSeries waitingRequests;
    private final StepSeries runningRequests;
    private final StepSeries busyGpus;
    private long iterations;
    private long preemptions;

    /** Creates zeroed series with bins of {@code binSeconds}. */
    public ServingMetrics(double binSeconds) {
        waitingRequests = new StepSeries(binSeconds, 0);
        runningRequests = new StepSeries(binSeconds, 0);
        busyGpus = new StepSeries(binSeconds, 0);
    }

    /** Returns the number of requests waiting for admission over time. */
    public StepSeries waitingRequests() {
        return waitingRequests;
    }

    /** Returns the number of admitted requests over time. */
    public StepSeries runningRequests() {
        return runningRequests;
    }

    /** Returns the number of GPUs running an iteration over time. */
    public StepSeries busyGpus() {
        return busyGpus;
    }

    /** Returns the number of iterations run by all instances. */
    public long iterations() {
        return iterations;
    }

    /** Returns the number of preemptions across all instances. */
    public long preemptions() {
        return preemptions;
    }

    /** Integrates every series up to {@code timeSeconds}. */
    public void finish(double timeSeconds) {
        waitingRequests.advance(timeSeconds);
        runningRequests.advance(timeSeconds);
        busyGpus.advance(timeSeconds);
    }

    void countIteration() {
        iterations++;
    }

    void countPreemption() {
        preemptions++;
    }
}
