package org.orrery.experiments.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.orrery.experiments.config.ConfigLoader;
import org.orrery.experiments.config.Experiment;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code orrery validate CONFIG}: reports every problem of a config without running it. */
@Command(name = "validate",
        mixinStandardHelpOptions = true,
        description = "Checks a config and lists every problem with its key path, value and fix.")
public final class ValidateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "Experiment config (YAML).")
    private Path config;

    @Override
    public Integer call() {
        Experiment experiment = ConfigLoader.bundled().load(config, null, java.util.List.of());
        spec.commandLine().getOut().printf("%s: valid (%s on %d x %d %s)%n", config, experiment.model().name(),
                experiment.config().serving().instances(), experiment.config().serving().tensorParallel(),
                experiment.accelerator().name());
        return 0;
    }
}
