package org.orrery.experiments.bench;

/** One hold model instance on one engine, advanced by time horizons. */
interface HoldRun extends AutoCloseable {
    /** Executes every event at or before {@code untilSeconds}, in simulation seconds. */
    void runUntil(double untilSeconds);

    /** Returns the workload that records the executed events. */
    HoldWorkload workload();

    /** Releases the engine; the run cannot continue afterwards. */
    @Override
    void close();
}
