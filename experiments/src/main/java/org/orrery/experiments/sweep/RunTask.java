package org.orrery.experiments.sweep;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * One run of a sweep: a scenario with one seed. Serializable so that a distributed engine can ship
 * it to a worker; paths are kept as text for the same reason.
 *
 * @param scenario the scenario
 * @param seed the experiment seed
 * @param baseConfig the base config file, as an absolute path every worker can read
 */
public record RunTask(Scenario scenario, long seed, String baseConfig) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Returns the run's folder below the sweep's output folder. */
    public Path directory(Path sweepDirectory) {
        return sweepDirectory.resolve("scenario=" + scenario.id()).resolve("seed=" + seed);
    }

    /** Returns {@code scenario <id> seed <n>}, for messages. */
    public String describe() {
        return scenario.describe() + ", seed " + seed;
    }
}
