package org.orrery.experiments.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code orrery bench} command: a parent for the benchmark subcommands {@code engine},
 * {@code scenario} and {@code fidelity}. Without a subcommand it prints its usage.
 */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measures simulator speed; each benchmark reports ratios against a reference run in the same JVM.",
        subcommands = {FidelityBenchCommand.class, EngineBenchCommand.class, ScenarioBenchCommand.class})
public final class BenchCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs {@code bench} on its own, for measuring from a class path without the full CLI. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }
}
