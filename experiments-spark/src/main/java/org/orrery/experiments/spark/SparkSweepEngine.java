package org.orrery.experiments.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.orrery.experiments.sweep.DistributedSweepEngine;
import org.orrery.experiments.sweep.RunExecutor;
import org.orrery.experiments.sweep.RunTask;
import org.orrery.experiments.sweep.SweepPlan;
import org.orrery.experiments.sweep.SweepRunner;
import org.orrery.experiments.sweep.SweepTables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a sweep on Apache Spark: every unfinished run (one scenario with one seed) becomes one task,
 * which writes its result folder into the shared sweep folder exactly as the local runner does.
 * The driver then builds the same combined tables from those folders ({@code sweep.csv},
 * {@code sweep.parquet} and {@code sweep-summary.csv}) with the local runner's writer.
 *
 * <p>The sweep folder, the base config and any trace file it names must be readable and writable
 * at the same path on the driver and every executor: a shared file system, or one machine in
 * local mode. The session is the active one (set up by {@code spark-submit}, or by a test), or a
 * new one with the master that {@code spark.master} names.
 */
public final class SparkSweepEngine implements DistributedSweepEngine {
    private static final Logger LOG = LoggerFactory.getLogger(SparkSweepEngine.class);

    @Override
    public String id() {
        return "spark";
    }

    @Override
    public SweepRunner.Outcome run(SweepPlan plan, Path directory, boolean resume) throws IOException {
        SweepRunner.prepare(plan, directory, resume);
        List<RunTask> pending = new ArrayList<>();
        for (RunTask task : plan.runs()) {
            if (!RunExecutor.isFinished(task, directory)) {
                pending.add(task);
            }
        }
        int skipped = plan.runs().size() - pending.size();
        SparkSession spark = SparkSession.builder().appName("orrery sweep " + plan.spec().name()).getOrCreate();
        List<String> failures = new ArrayList<>();
        if (!pending.isEmpty()) {
            JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
            String target = directory.toAbsolutePath().toString();
            LOG.info("sweep {}: {} runs as Spark tasks, {} already finished", plan.spec().name(), pending.size(), skipped);
            failures.addAll(context.parallelize(pending, pending.size())
                    .map(task -> execute(task, target))
                    .filter(message -> !message.isEmpty())
                    .collect());
        }
        failures = new ArrayList<>(failures);
        failures.sort(null);
        if (failures.isEmpty()) {
            SweepTables.write(plan, directory);
        }
        return new SweepRunner.Outcome(pending.size() - failures.size(), skipped, failures);
    }

    /** Runs one task on an executor; returns an empty string on success, else the failure. */
    static String execute(RunTask task, String directory) {
        try {
            RunExecutor.execute(task, Path.of(directory));
            return "";
        } catch (RunExecutor.RunFailedException e) {
            return e.getMessage();
        } catch (IOException | RuntimeException e) {
            return task.describe() + ": " + e;
        }
    }
}
