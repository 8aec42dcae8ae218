package org.orrery.experiments.run;

/** Receives the progress of a run from the simulation thread, every {@link #INTERVAL_ARRIVALS} arrivals. */
@FunctionalInterface
public interface RunProgress {
    /** Arrivals between two updates: rare enough to cost nothing, frequent enough for a live display. */
    int INTERVAL_ARRIVALS = 4096;

    /** A progress receiver that ignores every update. */
    RunProgress NONE = (arrived, simulatedSeconds) -> { };

    /** Reports {@code arrived} requests so far, at simulation time {@code simulatedSeconds}. */
    void update(long arrived, double simulatedSeconds);
}
