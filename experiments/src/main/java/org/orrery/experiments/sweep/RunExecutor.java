package org.orrery.experiments.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.orrery.experiments.config.ConfigLoader;
import org.orrery.experiments.config.Experiment;
import org.orrery.experiments.output.ResultWriter;

/**
 * Runs one task of a sweep and publishes its result folder atomically: the run writes into
 * {@code scenario=<id>/.seed=<n>.partial} and renames it to {@code seed=<n>} once every file is
 * written. A folder named {@code seed=<n>} is therefore always complete, which is what
 * {@code --resume} relies on. Used by the local runner and by distributed engines alike.
 */
public final class RunExecutor {

    private RunExecutor() {
    }

    /** Returns whether the task's result folder is complete. */
    public static boolean isFinished(RunTask task, Path sweepDirectory) {
        return Files.isRegularFile(task.directory(sweepDirectory).resolve("summary.json"));
    }

    /**
     * Runs {@code task} unless its folder is complete, and returns whether it ran.
     *
     * @throws IOException if a result file cannot be written
     * @throws RunFailedException if the run produced no request or failed
     */
    public static boolean execute(RunTask task, Path sweepDirectory) throws IOException {
        Path target = task.directory(sweepDirectory);
        if (isFinished(task, sweepDirectory)) {
            return false;
        }
        Path partial = target.resolveSibling(".seed=" + task.seed() + ".partial");
        AtomicFiles.deleteRecursively(partial);
        AtomicFiles.deleteRecursively(target);

        Experiment experiment = SweepPlan.experiment(ConfigLoader.bundled(), task);
        ResultWriter.Written written = ResultWriter.runAndWrite(experiment, partial);
        if (written.result().statistics().finished() == 0) {
            AtomicFiles.deleteRecursively(partial);
            throw new RunFailedException(task, "no trace row falls in the replay window: check trace.start, "
                    + "trace.end and trace.max_requests", null);
        }
        AtomicFiles.move(partial, target);
        return true;
    }

    /** A run that failed, naming its scenario and seed. */
    public static final class RunFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** Creates the exception for {@code task}. */
        public RunFailedException(RunTask task, String message, Throwable cause) {
            super(task.describe() + ": " + message, cause);
        }
    }
}
