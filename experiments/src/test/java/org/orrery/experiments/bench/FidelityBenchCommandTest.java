package org.orrery.experiments.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

class FidelityBenchCommandTest {

    @Test
    void tableEndsWithPassCount() {
        StringWriter text = new StringWriter();
        List<FidelityComparison> comparisons = List.of(new FidelityComparison("a", "ttft_mean", 0.05, 0.20),
                new FidelityComparison("b", "e2e_mean", 0.12, 0.10));

        FidelityBenchCommand.printTable(comparisons, new PrintWriter(text, true));

        String[] lines = text.toString().split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[1]).contains("5.0%").endsWith("pass");
        assertThat(lines[2]).contains("12.0%").endsWith("FAIL");
        assertThat(lines[3]).isEqualTo("1 of 2 comparisons within their target; docs/validation.md explains the others");
    }

    @Test
    void jsonCountsPassedAndTotal() throws Exception {
        StringWriter text = new StringWriter();
        List<FidelityComparison> comparisons = List.of(new FidelityComparison("a", "ttft_mean", 0.05, 0.20),
                new FidelityComparison("b", "e2e_mean", 0.12, 0.10), new FidelityComparison("c", "tpot_mean", 0.01,
                        0.10));

        FidelityBenchCommand.printJson(comparisons, new PrintWriter(text, true));

        JsonNode root = new ObjectMapper().readTree(text.toString());
        assertThat(root.get("passed").asInt()).isEqualTo(2);
        assertThat(root.get("total").asInt()).isEqualTo(3);
        assertThat(root.get("comparisons")).hasSize(3);
        assertThat(root.get("comparisons").get(1).get("name").asText()).isEqualTo("b");
        assertThat(root.get("comparisons").get(1).get("passed").asBoolean()).isFalse();
        assertThat(root.get("comparisons").get(0).get("error").asDouble()).isEqualTo(0.05);
    }
}
