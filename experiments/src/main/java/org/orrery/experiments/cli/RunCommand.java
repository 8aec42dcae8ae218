package org.orrery.experiments.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.orrery.experiments.config.CommandLineOverrides;
import org.orrery.experiments.config.ConfigException;
import org.orrery.experiments.config.ConfigLoader;
import org.orrery.experiments.config.Experiment;
import org.orrery.experiments.config.ExperimentConfig;
import org.orrery.experiments.output.ResultWriter;
import org.orrery.experiments.run.RunResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code orrery run CONFIG}: runs one experiment and writes its result folder. */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        description = {"Runs one experiment config and writes summary.json, requests.csv, timeseries.csv, "
                + "figures/, resolved-config.yaml and run.json.",
            "The files are written into a hidden folder .run.partial inside the result folder and moved into place "
                + "when the run succeeds, so a failed run leaves the result folder as it was."})
public final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "Experiment config (YAML).")
    private Path config;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Result folder (default: results/<config name>).")
    private Path out;

    @Option(names = "--seed", paramLabel = "N", description = "Replaces the config's seed.")
    private Long seed;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Overrides one config key, for example --set serving.instances=8; repeatable.")
    private List<String> overrides = new ArrayList<>();

    @Option(names = "--overwrite",
            description = "Replaces the results of an earlier run in the result folder, deleting its files that "
                    + "this run does not write (such as figures when output.figures is false). Without it, a folder "
                    + "with results of an earlier run is rejected. Other files in the folder are kept.")
    private boolean overwrite;

    @Override
    public Integer call() throws Exception {
        try {
            return run();
        } catch (ConfigException e) {
            throw CommandLineOverrides.attribute(e, overrides);
        }
    }

    private int run() {
        Experiment experiment = ConfigLoader.bundled().load(config, seed, overrides);
        Path directory = out != null ? out : Path.of("results", experiment.config().name());
        LOG.info("running {} on the {} engine", experiment.config().name(), experiment.config().engine());

        RunFolder folder;
        try {
            folder = RunFolder.prepare(directory, overwrite);
        } catch (IOException e) {
            throw cannotWrite(directory, e);
        }
        ResultWriter.Written written;
        boolean published = false;
        try {
            written = runAndWrite(experiment, folder.staging());
            if (written.result().statistics().finished() == 0) {
                throw new UserInputException("no trace row of " + experiment.trace().name()
                        + " falls in the replay window: check trace.start, trace.end and trace.max_requests");
            }
            folder.publish();
            published = true;
        } catch (IOException e) {
            throw cannotWrite(directory, e);
        } finally {
            if (!published) {
                discard(folder);
            }
        }
        printSummary(spec.commandLine().getOut(), written.result(), written.summary(), directory);
        return 0;
    }

    private static UserInputException cannotWrite(Path directory, IOException e) {
        return new UserInputException("cannot write the results to " + directory + ": " + e
                + ": choose a writable folder with --out");
    }

    /** Deletes what a failed run staged; a failure to delete is logged, so that the run's own error is reported. */
    private static void discard(RunFolder folder) {
        try {
            folder.discard();
        } catch (IOException e) {
            LOG.warn("cannot delete the staging folder {} of a failed run: {}", folder.staging(), e.toString());
        }
    }

    private static ResultWriter.Written runAndWrite(Experiment experiment, Path directory) throws IOException {
        ResultWriter.Written written;
        if (System.console() != null) {
            ConsoleRunProgress progress = new ConsoleRunProgress(System.err, experiment.config().trace().start(),
                    experiment.config().trace().end());
            try {
                written = ResultWriter.runAndWrite(experiment, directory, progress);
            } finally {
                progress.finish();
            }
        } else {
            written = ResultWriter.runAndWrite(experiment, directory);
        }
        return written;
    }

    @SuppressWarnings("unchecked")
    private static void printSummary(PrintWriter out, RunResult result, Map<String, Object> summary, Path directory) {
        Experiment experiment = result.experiment();
        Map<String, Object> requests = (Map<String, Object>) summary.get("requests");
        Map<String, Object> latency = (Map<String, Object>) summary.get("latency_s");
        Map<String, Object> throughput = (Map<String, Object>) summary.get("throughput");
        Map<String, Object> energy = (Map<String, Object>) summary.get("energy_j");
        Map<String, Object> carbon = (Map<String, Object>) summary.get("carbon_g");

        int instances = experiment.config().serving().instances();
        String trace = experiment.config().trace().isSynthetic()
                ? "synthetic, token counts fitted to " + experiment.trace().name()
                : experiment.trace().name();
        int dataParallel = experiment.config().serving().dataParallel();
        String groups = dataParallel <= 1 ? "" : String.format(Locale.ROOT, " in data-parallel groups of %d%s",
                dataParallel, experiment.config().serving().expertParallel() ? " with expert parallelism" : "");
        out.printf(Locale.ROOT, "%s: %s on %d %s of %d x %s%s, %s router, trace %s%n",
                experiment.config().name(), experiment.model().name(), instances,
                instances == 1 ? "instance" : "instances", experiment.config().serving().tensorParallel(),
                experiment.accelerator().name(), groups, experiment.config().serving().router(), trace);
        ExperimentConfig.PerformanceConfig performance = experiment.config().serving().performance();
        double capWatts = experiment.config().power().gpuCapWatts();
        out.printf(Locale.ROOT, "  performance  %s%s%n", "profile".equals(performance.model())
                ? "measured profile " + performance.profile() : "roofline model from the GPU's specifications",
                capWatts > 0 ? String.format(Locale.ROOT, ", GPU power limit %.0f W", capWatts) : "");
        out.printf(Locale.ROOT, "  requests     %s arrived, %s completed, %s rejected%n", requests.get("arrived"),
                requests.get("completed"), requests.get("rejected"));
        for (String metric : List.of("ttft", "tpot", "e2e")) {
            Map<String, Object> stats = (Map<String, Object>) latency.get(metric);
            out.printf(Locale.ROOT, "  %-12s mean %s  p50 %s  p90 %s  p99 %s%n", metric.toUpperCase(Locale.ROOT) + " (s)",
                    number(stats.get("mean")), number(stats.get("p50")), number(stats.get("p90")),
                    number(stats.get("p99")));
        }
        out.printf(Locale.ROOT, "  throughput   %.2f requests/s, %.0f output tokens/s%n",
                (Double) throughput.get("requests_per_s"), (Double) throughput.get("output_tokens_per_s"));
        out.printf(Locale.ROOT, "  energy       %.2f kWh facility (%.2f kWh GPU), PUE %.2f%n",
                (Double) energy.get("facility") / 3.6e6, (Double) energy.get("gpu") / 3.6e6,
                experiment.config().power().pue());
        out.printf(Locale.ROOT, "  carbon       %.0f g operational + %.0f g embodied%n",
                (Double) carbon.get("operational"), (Double) carbon.get("embodied"));
        out.printf(Locale.ROOT, "  cost         $%.2f for %.2f GPU-hours%n", (Double) summary.get("cost_usd"),
                (Double) summary.get("gpu_hours"));
        out.printf(Locale.ROOT, "  simulated    %.0f s in %.2f s (%.0fx real time, %,d events)%n",
                result.simulatedSeconds(), result.wallSeconds(), result.simulatedSeconds() / result.wallSeconds(),
                result.events());
        out.printf(Locale.ROOT, "  results      %s%n", directory);
        out.flush();
    }

    private static String number(Object value) {
        return value == null ? "n/a" : String.format(Locale.ROOT, "%.3f", (Double) value);
    }
}
