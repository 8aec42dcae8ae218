package org.orrery.experiments.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EngineBenchCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int execute(String... args) {
        CommandLine commandLine = new CommandLine(new BenchCommand());
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }

    @Test
    void jsonOutputHasDocumentedKeys() throws Exception {
        int exitCode = execute("engine", "--json", "--pending", "100,200", "--events", "20000",
                "--warmup-events", "1000");

        assertThat(exitCode).as("exit code, stderr: %s", err).isZero();
        JsonNode root = new ObjectMapper().readTree(out.toString());
        assertThat(root.has("results")).isTrue();
        assertThat(root.get("results")).hasSize(6);
        for (JsonNode result : root.get("results")) {
            assertThat(result.get("pending").isInt()).isTrue();
            assertThat(result.get("engine").asText()).isIn("dsol-stock", "dsol-priority-queue", "orrery");
            assertThat(result.get("events_per_s").asDouble()).isPositive();
            assertThat(result.get("checksum").asText()).hasSize(16);
            assertThat(result.has("allocated_bytes_per_event")).isTrue();
        }
        assertThat(root.get("ratio_vs_dsol_stock").get("100").asDouble()).isPositive();
        assertThat(root.get("ratio_vs_dsol_stock").get("200").asDouble()).isPositive();
        assertThat(root.get("allocated_bytes_per_event").get("100").has("orrery")).isTrue();
        assertThat(root.get("allocated_bytes_per_event").get("200").has("dsol-stock")).isTrue();
        assertThat(root.get("checksums_match").asBoolean()).isTrue();
        assertThat(root.get("machine").get("available_processors").asInt()).isPositive();
        assertThat(root.get("machine").has("java_vm")).isTrue();
    }

    @Test
    void tableNamesEveryEngineAndRatio() {
        int exitCode = execute("engine", "--pending", "100", "--events", "5000", "--warmup-events", "0");

        assertThat(exitCode).isZero();
        assertThat(out.toString())
                .contains("dsol-stock")
                .contains("dsol-priority-queue")
                .contains("orrery")
                .contains("orrery / dsol-stock at 100 pending:");
    }

    @Test
    void nonPositiveEventCountIsUsageError() {
        int exitCode = execute("engine", "--events", "0");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("invalid --events 0");
    }

    @Test
    void benchWithoutSubcommandPrintsUsage() {
        int exitCode = execute();

        assertThat(exitCode).isZero();
        assertThat(out.toString()).contains("engine");
    }
}
