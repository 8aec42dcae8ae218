package org.orrery.experiments.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.orrery.experiments.config.CommandLineOverrides;
import org.orrery.experiments.config.ConfigException;
import org.orrery.experiments.config.ConfigLoader;
import org.orrery.experiments.config.Experiment;
import org.orrery.experiments.run.DataCheck;
import org.orrery.experiments.sweep.SweepPlan;
import org.orrery.experiments.sweep.SweepSpec;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code orrery validate CONFIG}: reports every problem of a config without running it, including
 * malformed trace and carbon rows and a carbon series that does not cover the arrivals. A sweep
 * file (one with a {@code base} key) is checked as a sweep: its own keys, then the base config with
 * every scenario's overrides.
 */
@Command(name = "validate",
        mixinStandardHelpOptions = true,
        description = "Checks an experiment config or a sweep and lists every problem with its key path, value "
                + "and fix.")
public final class ValidateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "Experiment config or sweep file (YAML).")
    private Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Overrides one config key before checking, as orrery run --set does, for example "
                    + "--set serving.instances=8; repeatable. Experiment configs only.")
    private List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() {
        if (SweepSpec.isSweep(config)) {
            if (!overrides.isEmpty()) {
                throw new UserInputException("--set " + overrides.get(0) + ": --set applies to experiment configs, but "
                        + config + " is a sweep file: put overrides for every scenario under the sweep's set: "
                        + "mapping, or validate the base config with --set");
            }
            SweepPlan plan = SweepPlan.expand(SweepSpec.load(config));
            plan.validate(ConfigLoader.bundled());
            spec.commandLine().getOut().printf("%s: valid sweep (%s x %s = %s)%n", config,
                    Counts.of(plan.scenarios().size(), "scenario"), Counts.of(plan.spec().seeds().size(), "seed"),
                    Counts.of(plan.runs().size(), "run"));
            return 0;
        }
        try {
            return validateConfig();
        } catch (ConfigException e) {
            throw CommandLineOverrides.attribute(e, overrides);
        }
    }

    private int validateConfig() {
        Experiment experiment = ConfigLoader.bundled().load(config, null, overrides);
        DataCheck.Result data = DataCheck.check(experiment);
        if (!data.problems().isEmpty()) {
            throw new ConfigException(config.toString(), data.problems());
        }
        String arrivals = experiment.config().trace().isSynthetic()
                ? "synthetic arrivals from " + data.firstArrival() + " to " + data.lastArrival()
                : data.requests() + " requests arriving from " + data.firstArrival() + " to " + data.lastArrival();
        String source = overrides.isEmpty() ? config.toString()
                : config + " with " + overrides.size() + (overrides.size() == 1 ? " --set override" : " --set overrides");
        spec.commandLine().getOut().printf("%s: valid (%s on %d x %d %s; %s)%n", source, experiment.model().name(),
                experiment.config().serving().instances(), experiment.config().serving().tensorParallel(),
                experiment.accelerator().name(), arrivals);
        return 0;
    }
}
