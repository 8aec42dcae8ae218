package org.orrery.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class OrreryCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void runWritesResultsAndPrintsSummary(@TempDir Path directory) {
        int status = execute("run", "configs/quickstart.yaml", "--out", directory.toString(),
                "--set", "trace.max_requests=500", "--set", "output.figures=false");

        assertThat(status).isZero();
        assertThat(out.toString()).contains("500 arrived").contains("TTFT (s)").contains("results")
                .contains("performance  roofline model");
        assertThat(directory.resolve("summary.json")).isNotEmptyFile();
    }

    @Test
    void noRequestsCsvSameSummary(@TempDir Path directory) throws Exception {
        Path with = directory.resolve("with");
        Path without = directory.resolve("without");
        assertThat(execute("run", "configs/quickstart.yaml", "--out", with.toString(),
                "--set", "trace.max_requests=500", "--set", "output.figures=false")).isZero();
        assertThat(execute("run", "configs/quickstart.yaml", "--out", without.toString(),
                "--set", "trace.max_requests=500", "--set", "output.figures=false",
                "--set", "output.requests=false")).isZero();

        assertThat(with.resolve("requests.csv")).isNotEmptyFile();
        assertThat(without.resolve("requests.csv")).doesNotExist();
        assertThat(Files.readString(without.resolve("summary.json")))
                .isEqualTo(Files.readString(with.resolve("summary.json")));
        assertThat(Files.readString(without.resolve("resolved-config.yaml"))).contains("requests: false");

        assertThat(execute("plot", without.toString())).isZero();
        assertThat(without.resolve("figures/power.svg")).isNotEmptyFile();
        assertThat(without.resolve("figures/latency_cdf.svg")).doesNotExist();
        assertThat(err.toString()).contains("latency_cdf not drawn: " + without + " has no requests.csv")
                .contains("output.requests: true");
    }

    @Test
    void summaryNamesDataParallelGroups(@TempDir Path directory) {
        int status = execute("run", "configs/quickstart.yaml", "--out", directory.toString(),
                "--set", "cluster.nodes[0].server=PCIe-8xRTX-PRO-6000", "--set", "model=Qwen3-30B-A3B-Instruct-2507",
                "--set", "serving.tensor_parallel=1", "--set", "serving.instances=2",
                "--set", "serving.data_parallel=2", "--set", "serving.expert_parallel=true",
                "--set", "serving.performance.model=profile",
                "--set", "serving.performance.profile=bundled:llmservingsim-RTXPRO6000-Qwen3-30B-A3B-tp1",
                "--set", "trace.max_requests=50", "--set", "output.figures=false");

        assertThat(status).isZero();
        assertThat(out.toString()).contains("on 2 instances of 1 x RTX-PRO-6000-Blackwell-96GB in data-parallel "
                + "groups of 2 with expert parallelism,");
    }

    @Test
    void badConfigExitsWithUserError(@TempDir Path directory) throws Exception {
        Path config = directory.resolve("bad.yaml");
        Files.writeString(config, "model: Llama-9\n");

        int status = execute("run", config.toString());

        assertThat(status).isEqualTo(OrreryCli.USER_ERROR);
        assertThat(err.toString()).contains("error: " + config).contains("model: unknown model 'Llama-9'")
                .doesNotContain("at org.orrery");
    }

    @Test
    void malformedTraceExitsWithUserError(@TempDir Path directory) throws Exception {
        Path trace = directory.resolve("trace.csv");
        Files.writeString(trace, "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:00:00.0000000,12,-3\n");

        int status = execute("trace", "inspect", trace.toString());

        assertThat(status).isEqualTo(OrreryCli.USER_ERROR);
        assertThat(err.toString()).contains("line 2").doesNotContain("at org.orrery");
    }

    @Test
    void validateReportsValidConfig() {
        int status = execute("validate", "configs/quickstart.yaml");

        assertThat(status).isZero();
        assertThat(out.toString()).contains("valid");
    }

    @Test
    void catalogShowsSources() {
        int status = execute("catalog", "show", "H100-SXM5-80GB");

        assertThat(status).isZero();
        assertThat(out.toString()).contains("tdp = 700 W").contains("aiconfigurator");
    }

    @Test
    void unknownCatalogEntryIsUserError() {
        int status = execute("catalog", "show", "H900");

        assertThat(status).isEqualTo(OrreryCli.USER_ERROR);
        assertThat(err.toString()).contains("unknown accelerator, server or model 'H900': run orrery catalog list");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void catalogShowSuggestsClosestName() {
        List<String[]> cases = List.of(
                new String[] {"h100-sxm5-80gb", "H100-SXM5-80GB"},
                new String[] {"DGX-H100-80G", "DGX-H100-80GB"},
                new String[] {"llama-3.1-8b", "Llama-3.1-8B"},
                new String[] {"Qwen3-30B-A3B", "Qwen3-30B-A3B-Instruct-2507"});
        for (String[] entry : cases) {
            err.getBuffer().setLength(0);

            int status = execute("catalog", "show", entry[0]);

            assertThat(status).as(entry[0]).isEqualTo(OrreryCli.USER_ERROR);
            assertThat(err.toString()).contains("unknown accelerator, server or model '" + entry[0]
                    + "': did you mean '" + entry[1] + "'? Run orrery catalog list to see every name");
        }
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void catalogShowsServerAndModel() {
        assertThat(execute("catalog", "show", "DGX-H100-80GB")).isZero();
        assertThat(execute("catalog", "show", "Llama-3.1-8B")).isZero();

        assertThat(out.toString()).contains("DGX-H100-80GB\n").contains("Llama-3.1-8B\n  parameters ");
    }

    @Test
    void traceFitDrawsFigures(@TempDir Path directory) {
        int status = execute("trace", "fit", "bundled:azure-2023-conversation", "--out", directory.toString());

        assertThat(status).isZero();
        assertThat(out.toString()).contains("19366 rows").contains("Kolmogorov-Smirnov distance");
        assertThat(directory.resolve("synthetic-token-fit.png")).isNotEmptyFile();
        assertThat(directory.resolve("synthetic-diurnal-rate.png")).isNotEmptyFile();
    }

    @Test
    void unwritableOutIsUserError(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("taken");
        Files.writeString(file, "not a folder");

        int status = execute("run", "configs/quickstart.yaml", "--out", file.resolve("sub").toString(), "--set",
                "trace.max_requests=50");

        assertThat(status).isEqualTo(OrreryCli.USER_ERROR);
        assertThat(err.toString()).contains("cannot write the results to").doesNotContain("at org.orrery");
    }

    @Test
    void missingTraceFileIsUserError(@TempDir Path directory) {
        int status = execute("trace", "inspect", directory.resolve("nope.csv").toString());

        assertThat(status).isEqualTo(OrreryCli.USER_ERROR);
        assertThat(err.toString()).contains("not found").doesNotContain("at org.orrery");
    }

    /**
     * A trace row with zero output tokens cannot become a request: it is counted in
     * {@code requests.skipped_without_tokens} and the other rows run.
     */
    @Test
    void zeroTokenRowsAreCountedAndSkipped(@TempDir Path directory) throws Exception {
        Path trace = directory.resolve("trace.csv");
        Files.writeString(trace, "TIMESTAMP,ContextTokens,GeneratedTokens\n"
                + "2023-11-16 18:00:00.0000000,12,5\n"
                + "2023-11-16 18:00:01.0000000,12,0\n"
                + "2023-11-16 18:00:02.0000000,30,4\n");
        Path config = directory.resolve("zero.yaml");
        Files.writeString(config, """
                cluster:
                  nodes:
                    - server: DGX-H100-80GB
                model: Llama-3.1-8B
                serving:
                  instances: 1
                trace:
                  path: trace.csv
                carbon:
                  intensity: 300
                output:
                  figures: false
                """);

        int status = execute("run", config.toString(), "--out", directory.resolve("out").toString());
        String summary = Files.readString(directory.resolve("out/summary.json"));

        assertThat(status).isZero();
        assertThat(summary).contains("\"arrived\" : 2").contains("\"skipped_without_tokens\" : 1");
    }

    /** The bundled 2024 series starts on 2024-01-01, long after the 2023 trace: a user error in UTC, not a crash. */
    @Test
    void carbonSeriesOutsideRunIsUserError(@TempDir Path directory) {
        int status = execute("run", "configs/quickstart.yaml", "--out", directory.toString(), "--set",
                "carbon.intensity=bundled:electricitymaps-US-CAL-CISO-2024", "--set", "trace.max_requests=50");

        assertThat(status).isEqualTo(OrreryCli.USER_ERROR);
        assertThat(err.toString()).contains("--set carbon.intensity=bundled:electricitymaps-US-CAL-CISO-2024: the "
                + "series bundled:electricitymaps-US-CAL-CISO-2024 covers 2024-01-01T00:00:00Z")
                .contains("2023-11-16T18:15:46").doesNotContain("at org.orrery");
    }

    @Test
    void invalidSetValueNamesArgument(@TempDir Path directory) {
        int status = execute("run", "configs/quickstart.yaml", "--out", directory.toString(), "--set",
                "serving.instances=abc", "--set", "serving.instnces=2");

        assertThat(status).isEqualTo(OrreryCli.USER_ERROR);
        assertThat(err.toString()).contains("--set serving.instances=abc: invalid value 'abc'")
                .contains("--set serving.instnces=2: unknown key: did you mean serving.instances?")
                .doesNotContain("  serving.instances: invalid value");
        assertThat(directory).isEmptyDirectory();
    }

    /**
     * The 2024 series ends a year after the run's start, where double seconds from the start no
     * longer hold nanoseconds, yet its end must print as the whole hour that the series gives.
     */
    @Test
    void carbonCoverageEndPrintsWholeSeconds(@TempDir Path directory) {
        int status = execute("run", "configs/quickstart.yaml", "--out", directory.toString(), "--set",
                "carbon.intensity=bundled:electricitymaps-US-CAL-CISO-2024", "--set", "trace.max_requests=50");

        assertThat(status).isEqualTo(OrreryCli.USER_ERROR);
        assertThat(err.toString()).contains("covers 2024-01-01T00:00:00Z to 2025-01-01T00:00:00Z, but the run needs");
    }

    @Test
    void validateAppliesSetOverrides() {
        int status = execute("validate", "configs/quickstart.yaml", "--set", "serving.instances=2");

        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).contains("configs/quickstart.yaml with 1 --set override: valid (Llama-3.1-70B on "
                + "2 x 4 H100-SXM5-80GB;");
    }

    @Test
    void validateNamesBadSetArgument(@TempDir Path directory) throws Exception {
        Path trace = directory.resolve("trace.csv");
        Files.writeString(trace, "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:00:00.0000000,12,-3\n");

        int status = execute("validate", "configs/quickstart.yaml", "--set", "serving.instances=0");
        int traceStatus = execute("validate", "configs/quickstart.yaml", "--set", "trace.path=" + trace);

        assertThat(status).isEqualTo(OrreryCli.USER_ERROR);
        assertThat(traceStatus).isEqualTo(OrreryCli.USER_ERROR);
        assertThat(err.toString()).contains("--set serving.instances=0: value 0 is out of range")
                .contains("--set trace.path=" + trace + ": ").contains("line 2");
    }

    @Test
    void validateReadsTraceRows(@TempDir Path directory) throws Exception {
        Path trace = directory.resolve("trace.csv");
        Files.writeString(trace, "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:00:00.0000000,12,-3\n");
        Path config = directory.resolve("bad-trace.yaml");
        Files.writeString(config, minimalConfig("trace.csv", "300"));

        int status = execute("validate", config.toString());

        assertThat(status).isEqualTo(OrreryCli.USER_ERROR);
        assertThat(err.toString()).contains("trace.path:").contains("line 2").doesNotContain("at org.orrery");
    }

    @Test
    void validateReportsArrivalWindow() {
        int status = execute("validate", "configs/quickstart.yaml");

        assertThat(status).isZero();
        assertThat(out.toString()).contains("19366 requests arriving from 2023-11-16T18:15:46.680590Z");
    }

    /** The 2024 series cannot cover arrivals on 2023-11-16: validate reports it before any run. */
    @Test
    void validateChecksCarbonCoverage(@TempDir Path directory) throws Exception {
        Path config = directory.resolve("carbon.yaml");
        Files.writeString(config, minimalConfig("bundled:azure-2023-code", "bundled:electricitymaps-US-CAL-CISO-2024"));

        int status = execute("validate", config.toString());

        assertThat(status).isEqualTo(OrreryCli.USER_ERROR);
        assertThat(err.toString()).contains("carbon.intensity: the series bundled:electricitymaps-US-CAL-CISO-2024 "
                + "covers 2024-01-01T00:00:00Z").contains("2023-11-16T18:17:03");
    }

    @Test
    void validateRejectsEmptyWindow(@TempDir Path directory) throws Exception {
        Path trace = directory.resolve("trace.csv");
        Files.writeString(trace, "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:00:00.0000000,12,3\n");
        Path config = directory.resolve("late.yaml");
        Files.writeString(config, minimalConfig("trace.csv", "300").replace("  path: trace.csv",
                "  path: trace.csv\n  start: 2023-11-17T00:00:00Z"));

        int status = execute("validate", config.toString());

        assertThat(status).isEqualTo(OrreryCli.USER_ERROR);
        assertThat(err.toString()).contains("falls in the replay window");
    }

    private static String minimalConfig(String trace, String intensity) {
        return "cluster:\n  nodes:\n    - server: DGX-H100-80GB\nmodel: Llama-3.1-8B\nserving:\n  instances: 1\n"
                + "trace:\n  path: " + trace + "\ncarbon:\n  intensity: " + intensity + "\noutput:\n  figures: false\n";
    }

    private int execute(String... args) {
        CommandLine commandLine = OrreryCli.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }
}
