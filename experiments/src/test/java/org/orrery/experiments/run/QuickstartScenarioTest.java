package org.orrery.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.experiments.config.ConfigLoader;
import org.orrery.experiments.config.Experiment;
import org.orrery.experiments.output.ResultWriter;
import org.orrery.hardware.ServerSpec;
import org.orrery.model.cluster.NodeGroup;
import org.orrery.model.inference.LlmRequest;
import org.orrery.model.inference.RequestStatus;

/** The quick-start experiment on the whole bundled conversation trace, checked against invariants. */
class QuickstartScenarioTest {
    /** Rows of the bundled Azure 2023 conversation trace, as its provenance table states. */
    private static final int TRACE_ROWS = 19_366;

    private static RunResult result;
    private static Map<String, Object> summary;
    private static Path resultDirectory;

    @BeforeAll
    static void runQuickstart(@TempDir Path directory) throws IOException {
        Experiment experiment = ConfigLoader.bundled().load(Path.of("configs/quickstart.yaml"), null, List.of());
        result = ScenarioRunner.run(experiment);
        resultDirectory = directory.resolve("quickstart");
        summary = ResultWriter.write(result, resultDirectory);
    }

    @Test
    void everyRequestIsAccountedFor() {
        long completed = result.requests().stream().filter(r -> r.status() == RequestStatus.COMPLETED).count();
        long rejected = result.requests().stream().filter(r -> r.status() == RequestStatus.REJECTED).count();

        assertThat(result.requests()).hasSize(TRACE_ROWS);
        assertThat(completed + rejected).isEqualTo(TRACE_ROWS);
    }

    @Test
    void latenciesAreOrdered() {
        for (LlmRequest request : result.requests()) {
            if (request.status() != RequestStatus.COMPLETED) {
                continue;
            }
            assertThat(request.ttftSeconds()).as("TTFT of request %d", request.id()).isGreaterThanOrEqualTo(0.0);
            assertThat(request.ttftSeconds()).as("TTFT <= E2E of request %d", request.id())
                    .isLessThanOrEqualTo(request.endToEndSeconds());
            if (request.outputTokens() > 1) {
                assertThat(request.tpotSeconds()).as("TPOT of request %d", request.id()).isPositive();
            }
        }
    }

    /** Every GPU and host draws at least its idle power for the whole run, and the PUE scales it all. */
    @Test
    void facilityEnergyCoversIdlePower() {
        double idleWatts = 0;
        for (NodeGroup group : result.experiment().nodeGroups()) {
            ServerSpec server = group.server();
            idleWatts += group.count() * server.idlePowerWatts();
        }
        double floor = idleWatts * result.simulatedSeconds() * result.experiment().config().power().pue();

        assertThat(result.power().facilityEnergyJoules()).isGreaterThanOrEqualTo(floor);
    }

    @Test
    void runLastsAtLeastTheTrace() {
        LlmRequest last = result.requests().stream().max((a, b) -> Double.compare(a.arrivalSeconds(),
                b.arrivalSeconds())).orElseThrow();

        assertThat(result.simulatedSeconds()).isGreaterThanOrEqualTo(last.arrivalSeconds());
        assertThat(result.events()).isPositive();
    }

    @Test
    void resultFolderHasEveryFile() {
        for (String file : List.of("summary.json", "requests.csv", "timeseries.csv", "resolved-config.yaml",
                "run.json", "figures/latency_cdf.png", "figures/latency_cdf.svg", "figures/latency_cdf.pdf",
                "figures/power.png", "figures/power.svg", "figures/power.pdf")) {
            assertThat(resultDirectory.resolve(file)).as(file).isNotEmptyFile();
        }
    }

    @Test
    void summaryHasDocumentedKeys() throws IOException {
        JsonNode json = new ObjectMapper().readTree(resultDirectory.resolve("summary.json").toFile());

        for (String path : List.of("/requests/arrived", "/requests/completed", "/requests/rejected",
                "/throughput/requests_per_s", "/throughput/output_tokens_per_s", "/gpu_hours", "/energy_j/gpu",
                "/energy_j/facility", "/carbon_g/operational", "/carbon_g/embodied", "/cost_usd")) {
            assertThat(json.at(path).isNumber()).as(path).isTrue();
        }
        for (String metric : List.of("ttft", "tpot", "e2e")) {
            for (String statistic : List.of("mean", "p50", "p90", "p99")) {
                assertThat(json.at("/latency_s/" + metric + "/" + statistic).isNumber()).as(metric + " " + statistic)
                        .isTrue();
            }
        }
        assertThat(json.at("/requests/arrived").asInt()).isEqualTo(TRACE_ROWS);
    }

    @Test
    void manifestHasDocumentedKeys() throws IOException {
        JsonNode json = new ObjectMapper().readTree(resultDirectory.resolve("run.json").toFile());

        for (String key : List.of("seed", "wall_s", "simulated_s", "events", "events_per_s", "peak_heap_bytes")) {
            assertThat(json.get(key).isNumber()).as(key).isTrue();
        }
    }

    @Test
    void requestsCsvHasOneRowPerRequest() throws IOException {
        List<String> lines = Files.readAllLines(resultDirectory.resolve("requests.csv"));

        assertThat(lines).hasSize(TRACE_ROWS + 1);
        assertThat(lines.get(0)).startsWith("request_id,arrival_s,prompt_tokens,output_tokens");
        assertThat(summary).containsKeys("latency_s", "energy_j", "carbon_g");
    }
}
