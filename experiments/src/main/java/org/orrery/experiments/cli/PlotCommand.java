package org.orrery.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.orrery.experiments.plot.RunFigures;
import org.orrery.experiments.plot.SweepFigures;
import org.orrery.experiments.sweep.SweepTables;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code orrery plot RESULT_DIR...}: draws figures from the result files of runs and sweeps. */
@Command(name = "plot",
        mixinStandardHelpOptions = true,
        description = "Draws PNG, SVG and PDF figures from result folders: latency CDFs and power over time for runs "
                + "(several runs are compared in one figure); bars with 95%% confidence intervals, a heatmap over "
                + "two axes and the energy/P99-latency Pareto front for sweeps.")
public final class PlotCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RESULT_DIR",
            description = "Run folders (with summary.json and timeseries.csv, and requests.csv for the "
                    + "latency CDF) or sweep folders (with sweep-summary.csv).")
    private List<Path> directories = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR",
            description = "Figure folder (default: RESULT_DIR/figures for one folder, figures/ for several).")
    private Path out;

    @Override
    public Integer call() throws Exception {
        List<Path> runs = new ArrayList<>();
        List<Path> sweeps = new ArrayList<>();
        for (Path directory : directories) {
            if (Files.isRegularFile(directory.resolve(SweepTables.SCENARIOS_FILE))) {
                sweeps.add(directory);
            } else if (RunFigures.isRun(directory)) {
                runs.add(directory);
            } else {
                throw new UserInputException(directory + " is not a result folder: expected summary.json and "
                        + "timeseries.csv (a run) or " + SweepTables.SCENARIOS_FILE + " (a finished sweep)");
            }
        }
        Path figures = out != null ? out
                : directories.size() == 1 ? directories.get(0).resolve("figures") : Path.of("figures");
        List<Path> written = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        if (!runs.isEmpty()) {
            SweepFigures.Drawn drawn = RunFigures.draw(runs, figures);
            written.addAll(drawn.files());
            drawn.skipped().forEach(message -> skipped.add(message.toString()));
        }
        for (Path sweep : sweeps) {
            Path target = sweeps.size() + (runs.isEmpty() ? 0 : 1) > 1
                    ? figures.resolve(sweep.toAbsolutePath().normalize().getFileName()) : figures;
            SweepFigures.Drawn drawn = SweepFigures.draw(sweep, target);
            written.addAll(drawn.files());
            drawn.skipped().forEach(message -> skipped.add(sweep + ": " + message));
        }
        PrintWriter errors = spec.commandLine().getErr();
        for (String message : skipped) {
            errors.println(message);
        }
        errors.flush();
        PrintWriter output = spec.commandLine().getOut();
        for (Path file : written) {
            output.println(file);
        }
        output.flush();
        return 0;
    }
}
