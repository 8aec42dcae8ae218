package org.orrery.experiments.bench;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code orrery bench engine} command: the hold-model engine benchmark on every engine kind. */
@Command(name = "engine",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a hold model (a fixed number of pending events, exponential delays with mean 1 s) on",
            "dsol-stock, dsol-priority-queue and orrery in this JVM and prints events per second,",
            "allocated bytes per event, the ratio orrery / dsol-stock and a checksum of the executed",
            "event order, which must be equal on all engines. Exits with status 1 if checksums differ."
        })
public final class EngineBenchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print a JSON document instead of a table.")
    private boolean json;

    @Option(names = "--events", paramLabel = "N",
            description = "Minimum number of measured events per engine and pending count (default: ${DEFAULT-VALUE}).")
    private long measuredEvents = 5_000_000;

    @Option(names = "--warmup-events", paramLabel = "N",
            description = "Events executed before measuring, per engine and pending count (default: ${DEFAULT-VALUE}).")
    private long warmupEvents = 2_000_000;

    @Option(names = "--pending", paramLabel = "N", split = ",",
            description = "Comma-separated numbers of pending events (default: ${DEFAULT-VALUE}).")
    private int[] pendingCounts = {1_000, 100_000};

    @Option(names = "--seed", paramLabel = "SEED", description = "Seed of the delay stream (default: ${DEFAULT-VALUE}).")
    private long seed = 42;

    @Override
    public Integer call() throws Exception {
        validate();
        List<EngineBenchmark.Result> results = EngineBenchmark.runAll(pendingCounts, warmupEvents, measuredEvents, seed);
        EngineBenchReport report = new EngineBenchReport(results, warmupEvents, measuredEvents, seed);

        spec.commandLine().getOut().print(json ? report.toJson() : report.toTable());
        spec.commandLine().getOut().flush();

        List<Integer> mismatches = report.pendingCountsWithChecksumMismatch();
        if (!mismatches.isEmpty()) {
            spec.commandLine().getErr().println("engines executed different event orders (checksums differ) at pending "
                    + mismatches + ": the engines do not order events the same way");
            return 1;
        }
        return 0;
    }

    private void validate() {
        if (measuredEvents < 1) {
            throw new ParameterException(spec.commandLine(), "invalid --events " + measuredEvents + ": expected at least 1");
        }
        if (warmupEvents < 0) {
            throw new ParameterException(spec.commandLine(),
                    "invalid --warmup-events " + warmupEvents + ": expected 0 or more");
        }
        if (pendingCounts.length == 0) {
            throw new ParameterException(spec.commandLine(), "missing --pending value: give at least one count");
        }
        for (int pending : pendingCounts) {
            if (pending < 1) {
                throw new ParameterException(spec.commandLine(), "invalid --pending " + pending + ": expected at least 1");
            }
        }
    }
}
