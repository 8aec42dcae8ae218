package org.orrery.experiments.sweep;

import java.nio.file.Path;

/**
 * A sweep engine that runs outside this JVM's thread pool, such as the Spark engine of the
 * {@code experiments-spark} module. Engines are found with {@link java.util.ServiceLoader}, so the
 * command line needs them only on the class path (as under {@code spark-submit}), not at build time.
 */
public interface DistributedSweepEngine {
    /** Returns the name given to {@code --engine}. */
    String id();

    /**
     * Runs every unfinished run of {@code plan}, writing run folders and the combined tables into
     * {@code directory}, which every worker must be able to write.
     */
    SweepRunner.Outcome run(SweepPlan plan, Path directory, boolean resume) throws Exception;
}
