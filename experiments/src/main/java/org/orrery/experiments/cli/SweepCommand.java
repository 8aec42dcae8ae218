package org.orrery.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;

import org.orrery.experiments.config.ConfigLoader;
import org.orrery.experiments.plot.SweepFigures;
import org.orrery.experiments.sweep.DistributedSweepEngine;
import org.orrery.experiments.sweep.SweepException;
import org.orrery.experiments.sweep.SweepPlan;
import org.orrery.experiments.sweep.SweepRunner;
import org.orrery.experiments.sweep.SweepSpec;
import org.orrery.experiments.sweep.SweepTables;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code orrery sweep SWEEP}: runs every scenario and seed of a sweep and writes the combined tables. */
@Command(name = "sweep",
        mixinStandardHelpOptions = true,
        description = "Runs a parameter sweep: one result folder per scenario and seed (scenario=<id>/seed=<n>/), "
                + "the combined tables sweep.csv, sweep.parquet and sweep-summary.csv, and comparison figures.")
public final class SweepCommand implements Callable<Integer> {
    /** Exit status when some runs failed; the others are kept and --resume retries the failed ones. */
    static final int RUNS_FAILED = 1;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SWEEP", description = "Sweep file (YAML).")
    private Path sweep;

    @Option(names = "--out", paramLabel = "DIR", description = "Result folder (default: results/<sweep name>).")
    private Path out;

    @Option(names = "--parallel", paramLabel = "N",
            description = "Runs at once on this machine (default: the number of cores, ${DEFAULT-VALUE}).")
    private int parallel = Runtime.getRuntime().availableProcessors();

    @Option(names = "--resume", description = "Continues a sweep in the same folder, skipping finished runs.")
    private boolean resume;

    @Option(names = "--engine", paramLabel = "NAME", defaultValue = "local",
            description = "local (default: threads of this machine) or spark (under spark-submit, see the README).")
    private String engine;

    @Option(names = "--no-figures", description = "Skips the comparison figures.")
    private boolean noFigures;

    @Override
    public Integer call() throws Exception {
        if (parallel < 1) {
            throw new UserInputException("--parallel " + parallel + " is invalid: give 1 or more runs at once");
        }
        SweepSpec sweepSpec = SweepSpec.load(sweep);
        SweepPlan plan = SweepPlan.expand(sweepSpec);
        plan.validate(ConfigLoader.bundled());
        Path directory = out != null ? out : Path.of("results", sweepSpec.name());

        long start = System.nanoTime();
        SweepRunner.Outcome outcome;
        try {
            outcome = switch (engine) {
                case "local" -> SweepRunner.run(plan, directory, parallel, resume,
                        System.console() != null ? SweepRunner.Progress.terminal(System.err) : SweepRunner.Progress.NONE);
                default -> distributed(engine).run(plan, directory, resume);
            };
        } catch (SweepException e) {
            throw new UserInputException(e.getMessage());
        }
        double wallSeconds = (System.nanoTime() - start) / 1e9;

        PrintWriter output = spec.commandLine().getOut();
        output.printf(Locale.ROOT, "%s: %s x %s = %s (%d run now, %d already finished, %d failed) in %.1f s%n",
                sweepSpec.name(), Counts.of(plan.scenarios().size(), "scenario"), Counts.of(sweepSpec.seeds().size(),
                        "seed"), Counts.of(plan.runs().size(), "run"), outcome.ran(), outcome.skipped(),
                outcome.failures().size(), wallSeconds);
        if (!outcome.failures().isEmpty()) {
            for (String failure : outcome.failures()) {
                output.println("  failed: " + failure);
            }
            output.println("  fix the cause and run again with --resume to finish the failed runs; if the fix changes the "
                    + "sweep file, the sweep is a different one and needs a new --out folder");
            output.flush();
            return RUNS_FAILED;
        }
        output.printf(Locale.ROOT, "  tables       %s, %s, %s%n", directory.resolve(SweepTables.RUNS_FILE),
                directory.resolve(SweepTables.RUNS_PARQUET_FILE), directory.resolve(SweepTables.SCENARIOS_FILE));
        if (!noFigures) {
            SweepFigures.Drawn figures = SweepFigures.draw(directory, directory.resolve("figures"));
            output.printf(Locale.ROOT, "  figures      %s (%d files)%n", directory.resolve("figures"),
                    figures.files().size());
            for (SweepFigures.Skipped skipped : figures.skipped()) {
                output.printf(Locale.ROOT, "  not drawn    %s: %s%n", skipped.figure(), skipped.reason());
            }
        }
        output.flush();
        return 0;
    }

    private static DistributedSweepEngine distributed(String name) {
        List<String> known = new ArrayList<>(List.of("local"));
        for (DistributedSweepEngine candidate : ServiceLoader.load(DistributedSweepEngine.class)) {
            if (candidate.id().equals(name)) {
                return candidate;
            }
            known.add(candidate.id());
        }
        if (name.equals("spark")) {
            throw new UserInputException("--engine spark needs the Spark module on the class path: build it with "
                    + "mvn -pl experiments-spark -am package and start the sweep with spark-submit --class "
                    + "org.orrery.experiments.cli.OrreryCli experiments-spark/target/orrery-spark.jar sweep ... "
                    + "--engine spark (see the README, section Sweeps)");
        }
        throw new UserInputException("unknown engine '" + name + "': expected one of " + String.join(", ", known));
    }
}
