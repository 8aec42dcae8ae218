package org.orrery.experiments.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.orrery.experiments.output.ResultWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the runs of a sweep on a pool of threads of this machine, one run per thread at a time.
 * Each run is independent: it loads its own config and builds its own simulation, so results do
 * not depend on the number of threads. A failed run does not stop the others; the failures are
 * returned, and {@code --resume} retries them.
 */
public final class SweepRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SweepRunner.class);

    private SweepRunner() {
    }

    /** Receives progress: called from the worker threads, so implementations synchronize. */
    public interface Progress {
        /** Called once before the first run with the number of runs and those already finished. */
        void started(int runs, int alreadyFinished);

        /** Called after each run with the counts so far, skipped (already finished) runs included in {@code done}. */
        void finished(int done, int failed, int skipped);

        /** Returns a progress bar drawn on {@code terminal}, for an interactive session. */
        static Progress terminal(java.io.PrintStream terminal) {
            return new ProgressBar(terminal);
        }

        /** A progress receiver that ignores everything. */
        Progress NONE = new Progress() {
            @Override
            public void started(int runs, int alreadyFinished) {
            }

            @Override
            public void finished(int done, int failed, int skipped) {
            }
        };
    }

    /**
     * The counts and failures of a finished sweep.
     *
     * @param ran runs executed now
     * @param skipped runs already finished before
     * @param failures one message per failed run
     */
    public record Outcome(int ran, int skipped, List<String> failures) {
    }

    /**
     * Prepares {@code directory} for {@code plan}: rejects a folder of another sweep or of a single
     * run, then writes {@code sweep.json}.
     *
     * @throws SweepException if the folder contains finished runs and {@code resume} is false, or
     *     contains another sweep, or contains the result files of {@code orrery run}
     */
    public static void prepare(SweepPlan plan, Path directory, boolean resume) throws IOException {
        checkNotRunFolder(directory);
        Files.createDirectories(directory);
        String difference = SweepManifest.difference(plan, directory);
        if (difference != null) {
            throw new SweepException(directory + " contains the results of a different sweep (" + difference
                    + "): choose another --out folder, or delete this one to start over");
        }
        if (!resume) {
            for (RunTask task : plan.runs()) {
                if (RunExecutor.isFinished(task, directory)) {
                    throw new SweepException(directory + " already contains finished runs of this sweep: pass "
                            + "--resume to continue it, or choose another --out folder");
                }
            }
        }
        SweepManifest.write(plan, directory);
    }

    /** Runs every unfinished run of {@code plan} with {@code parallel} threads, then writes the combined tables. */
    public static Outcome run(SweepPlan plan, Path directory, int parallel, boolean resume, Progress progress)
            throws IOException, InterruptedException {
        prepare(plan, directory, resume);
        List<RunTask> pending = new ArrayList<>();
        for (RunTask task : plan.runs()) {
            if (!RunExecutor.isFinished(task, directory)) {
                pending.add(task);
            }
        }
        int skipped = plan.runs().size() - pending.size();
        LOG.info("sweep {}: {} runs, {} already finished, {} threads", plan.spec().name(), plan.runs().size(),
                skipped, parallel);
        progress.started(plan.runs().size(), skipped);

        List<String> failures = new ArrayList<>();
        RunQueue queue = new RunQueue(pending);
        int threads = Math.max(1, Math.min(parallel, pending.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "orrery-sweep");
            thread.setDaemon(true);
            return thread;
        });
        AtomicInteger done = new AtomicInteger(skipped);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                workers.add(pool.submit(() -> {
                    for (RunTask task = queue.next(); task != null; task = queue.next()) {
                        long start = System.nanoTime();
                        String failure = runOne(task, directory);
                        queue.finished(task, (System.nanoTime() - start) / 1e9);
                        synchronized (failures) {
                            if (failure != null) {
                                failures.add(failure);
                            }
                            progress.finished(done.incrementAndGet(), failures.size(), skipped);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                try {
                    worker.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a sweep thread stopped unexpectedly", e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        failures.sort(null);
        if (failures.isEmpty()) {
            SweepTables.write(plan, directory);
        }
        return new Outcome(pending.size() - failures.size(), skipped, failures);
    }

    /**
     * Rejects the result folder of {@code orrery run}, so that the sweep's tables and figures do
     * not mix with the run's files.
     */
    private static void checkNotRunFolder(Path directory) throws SweepException {
        List<String> runFiles = ResultWriter.RESULT_FILES.stream()
                .filter(name -> Files.exists(directory.resolve(name)))
                .toList();
        if (!runFiles.isEmpty()) {
            throw new SweepException(directory + " contains the results of a single run (" + String.join(", ", runFiles)
                    + ", written by orrery run): choose another --out folder for the sweep, so that its files do not "
                    + "mix with the run's");
        }
    }

    /** Runs {@code task} and returns null, or a message naming the run and the cause if it failed. */
    private static String runOne(RunTask task, Path directory) {
        try {
            RunExecutor.execute(task, directory);
            return null;
        } catch (RunExecutor.RunFailedException e) {
            LOG.warn("run failed: {}", e.getMessage());
            return e.getMessage();
        } catch (RuntimeException | IOException | Error e) {
            // An Error too (out of memory, stack overflow) ends only this run; the others go on.
            LOG.warn("run failed: {}", e.toString());
            return task.describe() + ": " + e;
        }
    }
}
