package org.orrery.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.experiments.config.ConfigException;
import org.orrery.experiments.config.ConfigLoader;
import org.orrery.experiments.config.Experiment;
import org.orrery.experiments.output.ResultWriter;

/** A synthetic trace run end to end through the streaming writer. */
class SyntheticScenarioTest {
    private static final String CONFIG = """
            cluster:
              nodes:
                - server: DGX-H100-80GB
                  count: 1
            model: Llama-3.1-8B
            serving:
              instances: 2
              tensor_parallel: 4
              max_batched_tokens: 16384   # the fitted prompts reach 14,050 tokens
            trace:
              format: synthetic
              start: 2024-05-12T10:00:00Z
              end: 2024-05-12T11:00:00Z
              synthetic:
                mean_rate_per_s: 2
            carbon:
              intensity: bundled:electricitymaps-US-CAL-CISO-2024
            output:
              figures: false
            """;

    /**
     * A constant 2 requests/s for one hour gives a Poisson count with mean and variance 7,200; the
     * count must lie within five standard deviations, and every generated request must finish and
     * appear once in requests.csv.
     */
    @Test
    void syntheticHourRunsToCompletion(@TempDir Path directory) throws IOException {
        Experiment experiment = parse(CONFIG, List.of());

        ResultWriter.Written written = ResultWriter.runAndWrite(experiment, directory);
        long arrived = written.result().statistics().finished();
        List<String> rows = Files.readAllLines(directory.resolve("requests.csv"));

        assertThat((double) arrived).isCloseTo(7_200, within(5 * Math.sqrt(7_200)));
        assertThat(written.result().statistics().completed()).isEqualTo(arrived);
        assertThat(rows).hasSize((int) arrived + 1);
        assertThat(written.result().requests()).isEmpty();
        assertThat(written.result().origin()).hasToString("2024-05-12T10:00:00Z");
    }

    @Test
    void sameSeedGivesSameSummary(@TempDir Path directory) throws IOException {
        Experiment experiment = parse(CONFIG, List.of("trace.end=2024-05-12T10:10:00Z"));

        ResultWriter.runAndWrite(experiment, directory.resolve("a"));
        ResultWriter.runAndWrite(experiment, directory.resolve("b"));

        assertThat(Files.readString(directory.resolve("b/summary.json")))
                .isEqualTo(Files.readString(directory.resolve("a/summary.json")));
        assertThat(Files.readString(directory.resolve("b/requests.csv")))
                .isEqualTo(Files.readString(directory.resolve("a/requests.csv")));
    }

    @Test
    void syntheticTraceNeedsWindow() {
        String config = CONFIG.replace("  start: 2024-05-12T10:00:00Z\n", "").replace("  end: 2024-05-12T11:00:00Z\n",
                "");

        assertThatThrownBy(() -> parse(config, List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("trace.start: missing: a synthetic trace needs a window start")
                .hasMessageContaining("trace.end: missing: a synthetic trace needs a window end");
    }

    @Test
    void syntheticTraceRejectsPath() {
        assertThatThrownBy(() -> parse(CONFIG, List.of("trace.path=bundled:azure-2023-code")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("trace.path: a synthetic trace reads no file");
    }

    @Test
    void syntheticTraceNeedsRate() {
        assertThatThrownBy(() -> parse(CONFIG, List.of("trace.synthetic.mean_rate_per_s=")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("trace.synthetic.mean_rate_per_s: missing");
    }

    private static Experiment parse(String text, List<String> overrides) {
        return ConfigLoader.bundled().parse("synthetic.yaml", text, Path.of("."), null, overrides,
                Path.of("synthetic.yaml"));
    }
}
