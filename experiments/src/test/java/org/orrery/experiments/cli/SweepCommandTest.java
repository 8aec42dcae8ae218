package org.orrery.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class SweepCommandTest {
    private static final String BASE = """
            cluster:
              nodes:
                - server: DGX-H100-80GB
                  count: 1
            model: Llama-3.1-8B
            serving:
              instances: 1
            trace:
              path: bundled:azure-2023-code
              max_requests: 100
            carbon:
              intensity: 400
            output:
              figures: false
            """;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path folder;

    @BeforeEach
    void writeBase() throws Exception {
        Files.writeString(folder.resolve("base.yaml"), BASE);
    }

    private Path sweep(String text) throws Exception {
        Path file = folder.resolve("sweep.yaml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void sweepWritesTablesAndFigures() throws Exception {
        Path file = sweep("""
                base: base.yaml
                seeds: 2
                axes:
                  - key: serving.instances
                    values: [1, 2]
                  - key: serving.max_running_sequences
                    values: [16, 64]
                """);

        int status = execute("sweep", file.toString(), "--out", folder.resolve("out").toString(), "--parallel", "2");

        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).contains("4 scenarios x 2 seeds = 8 runs (8 run now, 0 already finished, 0 failed)");
        assertThat(folder.resolve("out/sweep.csv")).isNotEmptyFile();
        assertThat(folder.resolve("out/figures/heatmap_e2e_p99.png")).isNotEmptyFile();
        assertThat(folder.resolve("out/figures/pareto_energy_e2e_p99.svg")).isNotEmptyFile();

        int again = execute("sweep", file.toString(), "--out", folder.resolve("out").toString(), "--resume");

        assertThat(again).isZero();
        assertThat(out.toString()).contains("(0 run now, 8 already finished, 0 failed)");
    }

    @Test
    void unitAxesGiveNumbersAndHeatmap() throws Exception {
        Path file = sweep("""
                base: base.yaml
                axes:
                  - key: power.gpu_cap_w
                    values: [0, 400 W]
                  - key: output.timeseries_interval_s
                    values: [20 min, 1 h]
                """);

        int status = execute("sweep", file.toString(), "--out", folder.resolve("out").toString(), "--parallel", "2");

        assertThat(status).as(err.toString()).isZero();
        List<String> runs = Files.readAllLines(folder.resolve("out/sweep.csv"));
        assertThat(runs.get(0)).startsWith("scenario,seed,power.gpu_cap_w,output.timeseries_interval_s,");
        assertThat(runs.get(4)).startsWith("003,1,400,3600,");
        assertThat(Files.readAllLines(folder.resolve("out/sweep-summary.csv")).get(2)).startsWith("001,0,3600,1,");
        assertThat(folder.resolve("out/figures/heatmap_e2e_p99.png")).isNotEmptyFile();
        assertThat(out.toString()).contains("4 scenarios x 1 seed = 4 runs");
        // Batik writes the rotated y-axis label as outlines, so only the x-axis label is text in the SVG.
        assertThat(Files.readString(folder.resolve("out/figures/heatmap_e2e_p99.svg"))).contains("power.gpu_cap_w (W)");
        assertThat(out.toString()).contains("figures").doesNotContain("not drawn");
    }

    @Test
    void skippedFigureIsReported() throws Exception {
        Path file = sweep("""
                base: base.yaml
                axes:
                  - key: serving.router
                    values: [round-robin, least-outstanding-tokens]
                """);

        int status = execute("sweep", file.toString(), "--out", folder.resolve("out").toString(), "--parallel", "2");
        int plotted = execute("plot", folder.resolve("out").toString(), "--out", folder.resolve("plots").toString());

        assertThat(status).as(err.toString()).isZero();
        assertThat(plotted).as(err.toString()).isZero();
        assertThat(out.toString()).contains("  not drawn    heatmap_e2e_p99: it needs two numeric axes, but the sweep "
                + "has none, and serving.router has text values");
        assertThat(err.toString()).contains(folder.resolve("out") + ": heatmap_e2e_p99 not drawn: it needs two "
                + "numeric axes");
    }

    @Test
    void validateAcceptsSweep() throws Exception {
        Path file = sweep("""
                base: base.yaml
                seeds: [1, 5, 9]
                axes:
                  - key: serving.instances
                    values: [1, 2]
                """);

        int status = execute("validate", file.toString());

        assertThat(status).isZero();
        assertThat(out.toString()).contains("valid sweep (2 scenarios x 3 seeds = 6 runs)");
    }

    @Test
    void validateListsEverySweepProblem() throws Exception {
        Path file = sweep("""
                base: base.yaml
                axes:
                  - key: serving.instances
                    values: [0, 1, 9]
                  - key: output.timeseries_interval_s
                    values: [60, "5 W"]
                """);

        int status = execute("validate", file.toString());

        assertThat(status).isEqualTo(OrreryCli.USER_ERROR);
        assertThat(err.toString())
                .contains("scenarios 000, 001: serving.instances: value 0 is out of range")
                .contains("scenarios 001, 003, 005: output.timeseries_interval_s: invalid value '5 W': W is a unit "
                        + "of power, expected a duration")
                .contains("scenarios 004, 005: serving.instances: 9 instances")
                .doesNotContain("at org.orrery");
    }

    @Test
    void validateNamesMisspelledBase() throws Exception {
        Path file = sweep("""
                bsae: base.yaml
                axes:
                  - key: serving.instances
                    values: [1, 2]
                """);

        int status = execute("validate", file.toString());

        assertThat(status).isEqualTo(OrreryCli.USER_ERROR);
        assertThat(err.toString()).contains("bsae: unknown key: did you mean base?");
        assertThat(err.toString()).doesNotContain("cluster.nodes");
    }

    @Test
    void validateRejectsSetForSweep() throws Exception {
        Path file = sweep("base: base.yaml\n");

        int status = execute("validate", file.toString(), "--set", "serving.instances=2");

        assertThat(status).isEqualTo(OrreryCli.USER_ERROR);
        assertThat(err.toString()).contains("--set serving.instances=2: --set applies to experiment configs, but "
                + file + " is a sweep file");
    }

    @Test
    void badParallelIsUserError() throws Exception {
        Path file = sweep("base: base.yaml\n");

        int status = execute("sweep", file.toString(), "--parallel", "0");

        assertThat(status).isEqualTo(OrreryCli.USER_ERROR);
        assertThat(err.toString()).contains("--parallel 0 is invalid");
    }

    @Test
    void sparkEngineWithoutModuleExplainsSparkSubmit() throws Exception {
        Path file = sweep("base: base.yaml\n");

        int status = execute("sweep", file.toString(), "--out", folder.resolve("out").toString(), "--engine", "spark");

        assertThat(status).isEqualTo(OrreryCli.USER_ERROR);
        assertThat(err.toString()).contains("needs the Spark module").contains("spark-submit");
    }

    @Test
    void unknownEngineIsNamed() throws Exception {
        Path file = sweep("base: base.yaml\n");

        int status = execute("sweep", file.toString(), "--out", folder.resolve("out").toString(), "--engine", "mpi");

        assertThat(status).isEqualTo(OrreryCli.USER_ERROR);
        assertThat(err.toString()).contains("unknown engine 'mpi': expected one of local");
    }

    @Test
    void plotDrawsRunFigures() {
        Path run = folder.resolve("run");
        int ran = execute("run", folder.resolve("base.yaml").toString(), "--out", run.toString());

        int status = execute("plot", run.toString());

        assertThat(ran).isZero();
        assertThat(status).isZero();
        assertThat(run.resolve("figures/latency_cdf.png")).isNotEmptyFile();
        assertThat(run.resolve("figures/power.svg")).isNotEmptyFile();
    }

    @Test
    void plotRejectsFolderWithoutResults() {
        int status = execute("plot", folder.toString());

        assertThat(status).isEqualTo(OrreryCli.USER_ERROR);
        assertThat(err.toString()).contains(folder + " is not a result folder: expected summary.json and "
                + "timeseries.csv (a run) or sweep-summary.csv (a finished sweep)");
    }

    private int execute(String... args) {
        CommandLine commandLine = OrreryCli.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }
}
