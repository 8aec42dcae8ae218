package org.orrery.experiments.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

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
}
