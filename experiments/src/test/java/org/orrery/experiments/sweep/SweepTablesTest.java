package org.orrery.experiments.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepTablesTest {
    private static final String UNIT_AXES = """
            base: base.yaml
            axes:
              - key: power.gpu_cap_w
                values: [0, 400 W]
              - zip:
                  - {key: output.timeseries_interval_s, values: [20 min, 1 h]}
                  - {key: serving.router, values: [round-robin, least-outstanding-tokens]}
            """;

    @TempDir
    Path folder;

    private SweepPlan plan(String text) throws Exception {
        Files.writeString(folder.resolve("base.yaml"), SweepSpecTest.BASE);
        Path file = folder.resolve("sweep.yaml");
        Files.writeString(file, text);
        return SweepPlan.expand(SweepSpec.load(file));
    }

    /** Returns one row per run whose P99 latency is the scenario index plus a tenth of the seed, in seconds. */
    private static List<SweepTables.Row> rows(SweepPlan plan) {
        List<SweepTables.Row> rows = new ArrayList<>();
        for (RunTask task : plan.runs()) {
            double p99 = Integer.parseInt(task.scenario().id()) + task.seed() / 10.0;
            rows.add(new SweepTables.Row(task, Map.of("latency_s.e2e.p99", p99)));
        }
        return rows;
    }

    @Test
    void axisCellConvertsUnitsToKeyUnit() {
        assertThat(SweepTables.axisCell("power.gpu_cap_w", "400 W")).isEqualTo(400.0);
        assertThat(SweepTables.axisCell("power.gpu_cap_w", "0.4 kW")).isEqualTo(400.0);
        assertThat(SweepTables.axisCell("power.gpu_cap_w", "0")).isEqualTo(0.0);
        assertThat(SweepTables.axisCell("output.timeseries_interval_s", "20 min")).isEqualTo(1200.0);
        assertThat(SweepTables.axisCell("output.timeseries_interval_s", "1 h")).isEqualTo(3600.0);
        assertThat(SweepTables.axisCell("serving.performance.iteration_overhead_s", "9 ms")).isEqualTo(0.009);
        assertThat(SweepTables.axisCell("serving.performance.activation_bytes", "1.5e1 B")).isEqualTo(15.0);
    }

    @Test
    void axisCellKeepsOtherValuesAsText() {
        assertThat(SweepTables.axisCell("serving.instances", "2")).isEqualTo("2");
        assertThat(SweepTables.axisCell("serving.router", "round-robin")).isEqualTo("round-robin");
        assertThat(SweepTables.axisCell("trace.synthetic.mean_rate_per_s", "5")).isEqualTo("5");
        assertThat(SweepTables.axisCell("power.gpu_cap_w", "null")).isEqualTo("null");
        assertThat(SweepTables.axisCell("power.gpu_cap_w", "5 V")).isEqualTo("5 V");
    }

    @Test
    void unitAxesAreNumbersInCsv() throws Exception {
        SweepPlan plan = plan(UNIT_AXES);
        List<SweepTables.Row> rows = rows(plan);
        List<String> metrics = List.of("latency_s.e2e.p99");

        List<String> runs = SweepTables.runsCsv(SweepTables.runsColumns(plan, metrics),
                SweepTables.runsCells(plan, rows, metrics)).lines().toList();
        List<String> scenarios = SweepTables.scenariosCsv(plan, rows, metrics).lines().toList();

        assertThat(runs).containsExactly(
                "scenario,seed,power.gpu_cap_w,output.timeseries_interval_s,serving.router,latency_s.e2e.p99",
                "000,1,0,1200,round-robin,0.1",
                "001,1,0,3600,least-outstanding-tokens,1.1",
                "002,1,400,1200,round-robin,2.1",
                "003,1,400,3600,least-outstanding-tokens,3.1");
        assertThat(scenarios.get(0)).startsWith("scenario,power.gpu_cap_w,output.timeseries_interval_s,serving.router,");
        assertThat(scenarios.get(3)).startsWith("002,400,1200,round-robin,1,");
    }

    @Test
    void unitAxesAreDoublesInParquet() throws Exception {
        SweepPlan plan = plan(UNIT_AXES);
        List<String> metrics = List.of("latency_s.e2e.p99");
        Path file = folder.resolve("sweep.parquet");

        ParquetTable.write(file, SweepTables.runsColumns(plan, metrics),
                SweepTables.runsCells(plan, rows(plan), metrics));
        List<Group> records = ParquetFiles.read(file);

        var schema = records.get(0).getType();
        assertThat(schema.getType("power.gpu_cap_w").asPrimitiveType().getPrimitiveTypeName())
                .isEqualTo(PrimitiveTypeName.DOUBLE);
        assertThat(schema.getType("output.timeseries_interval_s").asPrimitiveType().getPrimitiveTypeName())
                .isEqualTo(PrimitiveTypeName.DOUBLE);
        assertThat(schema.getType("serving.router").asPrimitiveType().getPrimitiveTypeName())
                .isEqualTo(PrimitiveTypeName.BINARY);
        assertThat(records.get(3).getDouble("power.gpu_cap_w", 0)).isEqualTo(400.0);
        assertThat(records.get(3).getDouble("output.timeseries_interval_s", 0)).isEqualTo(3600.0);
        assertThat(records.get(3).getString("serving.router", 0)).isEqualTo("least-outstanding-tokens");
    }
}
