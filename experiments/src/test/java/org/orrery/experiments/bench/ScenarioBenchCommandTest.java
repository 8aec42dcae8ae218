package org.orrery.experiments.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class ScenarioBenchCommandTest {

    @Test
    void jsonReportsMedianOfRuns() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine commandLine = new CommandLine(new BenchCommand());
        commandLine.setOut(new PrintWriter(out));

        int status = commandLine.execute("scenario", "configs/quickstart.yaml", "--runs", "3", "--warmup-runs", "0",
                "--set", "trace.max_requests=300", "--json");
        JsonNode report = new ObjectMapper().readTree(out.toString());

        assertThat(status).isZero();
        assertThat(report.get("wall_s")).hasSize(3);
        assertThat(report.get("requests").asLong()).isEqualTo(300);
        for (String key : new String[] {"median_wall_s", "simulated_s", "simulated_s_per_wall_s", "events",
            "events_per_s"}) {
            assertThat(report.get(key).isNumber()).as(key).isTrue();
        }
    }

    @Test
    void zeroRunsIsUsageError() {
        CommandLine commandLine = new CommandLine(new BenchCommand());
        commandLine.setErr(new PrintWriter(new StringWriter()));

        assertThat(commandLine.execute("scenario", "configs/quickstart.yaml", "--runs", "0")).isEqualTo(2);
    }
}
