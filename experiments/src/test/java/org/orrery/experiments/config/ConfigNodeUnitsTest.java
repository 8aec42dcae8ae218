package org.orrery.experiments.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

class ConfigNodeUnitsTest {
    private static final double GIB = 1024.0 * 1024 * 1024;

    private final List<String> problems = new ArrayList<>();

    private ConfigNode node(String key, String value) {
        ObjectNode tree = JsonNodeFactory.instance.objectNode();
        tree.put(key, value);
        return ConfigNode.of(tree, "section", problems);
    }

    private double number(String key, String value) {
        return node(key, value).number(key, null, 0, 1e18);
    }

    @Test
    void unitsConvertToBaseUnits() {
        assertThat(number("idle_w", "700 W")).isEqualTo(700.0);
        assertThat(number("idle_w", "10.2 kW")).isEqualTo(10_200.0);
        assertThat(number("memory_bytes", "80 GiB")).isEqualTo(80 * GIB);
        assertThat(number("memory_bytes", "512 MB")).isEqualTo(512e6);
        assertThat(number("window_s", "20 min")).isEqualTo(20 * 60.0);
        assertThat(number("window_s", "60 s")).isEqualTo(60.0);
        assertThat(number("window_s", "250ms")).isEqualTo(0.25);
        assertThat(number("window_s", "1 h")).isEqualTo(3600.0);
        assertThat(number("clock_hz", "2.5 GHz")).isEqualTo(2.5e9);
        assertThat(number("budget_j", "1.5 kWh")).isEqualTo(1.5 * 3.6e6);
        assertThat(problems).isEmpty();
    }

    @Test
    void plainNumbersStillWork() {
        assertThat(number("window_s", "90")).isEqualTo(90.0);
        assertThat(number("pue", "1.25")).isEqualTo(1.25);
        assertThat(number("pue", "2e0")).isEqualTo(2.0);
        assertThat(problems).isEmpty();
    }

    @Test
    void convertedValueIsWrittenBack() {
        ObjectNode tree = JsonNodeFactory.instance.objectNode();
        tree.put("window_s", "2 min");

        ConfigNode.of(tree, "", problems).number("window_s", 60.0, 0, 1e9);

        assertThat(tree.get("window_s").asDouble()).isEqualTo(120.0);
        assertThat(tree.get("window_s").isNumber()).isTrue();
    }

    @Test
    void unitOfWrongDimensionNamesExpectedDimension() {
        number("timeseries_interval_s", "700 W");

        assertThat(problems).singleElement().satisfies(problem -> assertThat(problem)
                .startsWith("section.timeseries_interval_s: invalid value '700 W'")
                .contains("W is a unit of power")
                .contains("expected a duration")
                .contains("min"));
    }

    @Test
    void unitOnPlainKeyIsRejected() {
        number("pue", "1.2 W");

        assertThat(problems).singleElement().satisfies(problem -> assertThat(problem)
                .startsWith("section.pue: invalid value '1.2 W'").contains("plain number without a unit"));
    }

    @Test
    void rateKeyTakesNoDuration() {
        assertThat(ConfigNode.Dimension.ofKey("output_tokens_per_s")).isEqualTo(ConfigNode.Dimension.NONE);
        assertThat(ConfigNode.Dimension.ofKey("iteration_overhead_s")).isEqualTo(ConfigNode.Dimension.DURATION);
        assertThat(ConfigNode.Dimension.ofKey("activation_bytes")).isEqualTo(ConfigNode.Dimension.BYTES);
        assertThat(ConfigNode.Dimension.ofKey("bytes_per_parameter")).isEqualTo(ConfigNode.Dimension.NONE);
    }

    @Test
    void unknownUnitIsNamed() {
        number("window_s", "3 fortnights");

        assertThat(problems).singleElement().satisfies(problem -> assertThat(problem)
                .contains("unknown unit 'fortnights'").contains("expected a duration"));
    }

    @Test
    void malformedQuantityIsRejected() {
        number("window_s", "about 5 s");

        assertThat(problems).singleElement().satisfies(problem -> assertThat(problem)
                .startsWith("section.window_s: invalid value 'about 5 s'").contains("expected a duration"));
    }

    @Test
    void rangeIsCheckedAfterConversion() {
        node("window_s", "2 h").number("window_s", null, 1, 3600);

        assertThat(problems).singleElement().satisfies(problem -> assertThat(problem)
                .startsWith("section.window_s: value 7200.0 s is out of range")
                .contains("from 1.0 s to 3600.0 s"));
    }

    @Test
    void wholeNumberKeyAcceptsUnits() {
        long bytes = node("memory_bytes", "80 GiB").integer("memory_bytes", null, 0, Long.MAX_VALUE);

        assertThat(bytes).isEqualTo(80L << 30);
        assertThat(problems).isEmpty();
    }

    @Test
    void wholeNumberKeyRejectsFraction() {
        node("memory_bytes", "1.5 B").integer("memory_bytes", null, 0, Long.MAX_VALUE);

        assertThat(problems).singleElement().satisfies(problem -> assertThat(problem)
                .contains("expected a whole number of B"));
    }

    @Test
    void experimentConfigAcceptsDurationUnit() {
        String config = """
                cluster:
                  nodes:
                    - server: DGX-H100-80GB
                model: Llama-3.1-8B
                serving:
                  instances: 1
                trace:
                  path: bundled:azure-2023-code
                carbon:
                  intensity: 400
                output:
                  timeseries_interval_s: 2 min
                """;

        Experiment experiment = ConfigLoader.bundled().parse("test.yaml", config, Path.of("."), null, List.of(), null);

        assertThat(experiment.config().output().timeseriesIntervalSeconds()).isEqualTo(120.0);
        assertThat(experiment.resolvedYaml()).contains("timeseries_interval_s: 120.0");
    }
}
