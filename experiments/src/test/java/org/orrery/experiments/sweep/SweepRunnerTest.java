package org.orrery.experiments.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.experiments.plot.CsvTable;

class SweepRunnerTest {
    private static final String SWEEP = """
            base: base.yaml
            seeds: 2
            axes:
              - key: serving.instances
                values: [1, 2]
              - key: serving.router
                values: [round-robin, least-outstanding-tokens]
            """;

    @TempDir
    Path folder;

    private SweepPlan plan(String text) throws Exception {
        Files.writeString(folder.resolve("base.yaml"), SweepSpecTest.BASE);
        Path file = folder.resolve("sweep.yaml");
        Files.writeString(file, text);
        return SweepPlan.expand(SweepSpec.load(file));
    }

    @Test
    void resultsDoNotDependOnThreadCount() throws Exception {
        SweepPlan plan = plan(SWEEP);

        SweepRunner.run(plan, folder.resolve("one"), 1, false, SweepRunner.Progress.NONE);
        SweepRunner.run(plan, folder.resolve("three"), 3, false, SweepRunner.Progress.NONE);

        for (String table : List.of("sweep.csv", "sweep-summary.csv", "sweep.json")) {
            assertThat(Files.readString(folder.resolve("three").resolve(table)))
                    .isEqualTo(Files.readString(folder.resolve("one").resolve(table)));
        }
        assertThat(ParquetFiles.content(folder.resolve("three/sweep.parquet")))
                .isEqualTo(ParquetFiles.content(folder.resolve("one/sweep.parquet")));
        for (RunTask task : plan.runs()) {
            for (String file : List.of("summary.json", "requests.csv", "timeseries.csv", "resolved-config.yaml")) {
                assertThat(Files.readString(task.directory(folder.resolve("three")).resolve(file)))
                        .as("%s of %s", file, task.describe())
                        .isEqualTo(Files.readString(task.directory(folder.resolve("one")).resolve(file)));
            }
        }
    }

    @Test
    void tablesHaveOneRowPerRunAndScenario() throws Exception {
        SweepPlan plan = plan(SWEEP);

        SweepRunner.Outcome outcome = SweepRunner.run(plan, folder.resolve("out"), 2, false, SweepRunner.Progress.NONE);

        assertThat(outcome.ran()).isEqualTo(8);
        List<String> runs = Files.readAllLines(folder.resolve("out/sweep.csv"));
        assertThat(runs).hasSize(1 + 8);
        assertThat(runs.get(0)).startsWith("scenario,seed,serving.instances,serving.router,")
                .contains("latency_s.e2e.p99").contains("energy_j.facility");
        assertThat(runs.get(1)).startsWith("000,1,1,round-robin,");
        List<String> scenarios = Files.readAllLines(folder.resolve("out/sweep-summary.csv"));
        assertThat(scenarios).hasSize(1 + 4);
        assertThat(scenarios.get(0)).startsWith("scenario,serving.instances,serving.router,seeds,")
                .contains("latency_s.e2e.p99.mean,latency_s.e2e.p99.ci95");
        assertThat(scenarios.get(4)).startsWith("003,2,least-outstanding-tokens,2,");
        assertThat(folder.resolve("out/scenario=003/seed=2/summary.json")).isNotEmptyFile();
    }

    @Test
    void parquetEqualsCsvCellByCell() throws Exception {
        SweepPlan plan = plan(SWEEP);

        SweepRunner.run(plan, folder.resolve("out"), 2, false, SweepRunner.Progress.NONE);

        CsvTable csv = CsvTable.read(folder.resolve("out/sweep.csv"));
        List<Group> parquet = ParquetFiles.read(folder.resolve("out/sweep.parquet"));
        GroupType schema = parquet.get(0).getType();
        assertThat(schema.getFields()).extracting(Type::getName).containsExactlyElementsOf(csv.header());
        assertThat(parquet).hasSize(csv.size());
        for (int c = 0; c < csv.header().size(); c++) {
            String column = csv.header().get(c);
            PrimitiveTypeName expectedType = column.equals("seed") ? PrimitiveTypeName.INT64
                    : column.equals("scenario") || plan.axisKeys().contains(column) ? PrimitiveTypeName.BINARY
                    : PrimitiveTypeName.DOUBLE;
            assertThat(schema.getType(c).asPrimitiveType().getPrimitiveTypeName()).as(column).isEqualTo(expectedType);
            List<String> expected = csv.text(column);
            for (int r = 0; r < csv.size(); r++) {
                assertThat(SweepTables.formatCell(ParquetFiles.cell(parquet.get(r), c)))
                        .as("row %d, column %s", r, column).isEqualTo(expected.get(r));
            }
        }
    }

    @Test
    void resumeFinishesKilledSweepWithoutDuplicates() throws Exception {
        SweepPlan plan = plan(SWEEP);
        Path out = folder.resolve("out");
        SweepRunner.run(plan, out, 2, false, SweepRunner.Progress.NONE);
        String complete = Files.readString(out.resolve("sweep.csv"));
        List<String> completeParquet = ParquetFiles.content(out.resolve("sweep.parquet"));
        // What a kill leaves behind: two runs missing, one half-written, and the tables not yet rewritten.
        AtomicFiles.deleteRecursively(out.resolve("scenario=001/seed=1"));
        AtomicFiles.deleteRecursively(out.resolve("scenario=003/seed=2"));
        Files.createDirectories(out.resolve("scenario=003/.seed=2.partial"));
        Files.writeString(out.resolve("scenario=003/.seed=2.partial/requests.csv"), "request_id\n1\n");
        Files.delete(out.resolve("sweep.csv"));
        Files.delete(out.resolve("sweep.parquet"));

        SweepRunner.Outcome resumed = SweepRunner.run(plan, out, 2, true, SweepRunner.Progress.NONE);

        assertThat(resumed.ran()).isEqualTo(2);
        assertThat(resumed.skipped()).isEqualTo(6);
        assertThat(Files.readString(out.resolve("sweep.csv"))).isEqualTo(complete);
        assertThat(ParquetFiles.content(out.resolve("sweep.parquet"))).isEqualTo(completeParquet);
        try (Stream<Path> leftovers = Files.list(out.resolve("scenario=003"))) {
            assertThat(leftovers.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder("seed=1", "seed=2");
        }
    }

    @Test
    void damagedSummaryNamesFileAndFix() throws Exception {
        SweepPlan plan = plan(SWEEP);
        Path out = folder.resolve("out");
        SweepRunner.run(plan, out, 2, false, SweepRunner.Progress.NONE);
        Path summary = out.resolve("scenario=002/seed=1/summary.json");
        Files.writeString(summary, "{\"requests\": {\"arrived\": 10,");

        assertThatThrownBy(() -> SweepRunner.run(plan, out, 2, true, SweepRunner.Progress.NONE))
                .isInstanceOf(SweepException.class)
                .hasMessageContaining(summary + " is not valid JSON")
                .hasMessageContaining("delete the folder " + out.resolve("scenario=002/seed=1"));
    }

    @Test
    void finishedFolderNeedsResume() throws Exception {
        SweepPlan plan = plan(SWEEP);
        SweepRunner.run(plan, folder.resolve("out"), 2, false, SweepRunner.Progress.NONE);

        assertThatThrownBy(() -> SweepRunner.run(plan, folder.resolve("out"), 2, false, SweepRunner.Progress.NONE))
                .isInstanceOf(SweepException.class)
                .hasMessageContaining("already contains finished runs").hasMessageContaining("--resume");
    }

    @Test
    void otherFixedOverridesAreNamed() throws Exception {
        SweepRunner.run(plan(SWEEP), folder.resolve("out"), 2, false, SweepRunner.Progress.NONE);
        SweepPlan other = plan(SWEEP.replace("seeds: 2", "seeds: 2\nset:\n  power.pue: 1.5"));

        assertThatThrownBy(() -> SweepRunner.run(other, folder.resolve("out"), 2, true, SweepRunner.Progress.NONE))
                .isInstanceOf(SweepException.class)
                .hasMessageContaining("(its fixed overrides (set:) differ from the sweep's)");
    }

    @Test
    void otherSweepInFolderIsRejected() throws Exception {
        SweepRunner.run(plan(SWEEP), folder.resolve("out"), 2, false, SweepRunner.Progress.NONE);
        SweepPlan other = plan(SWEEP.replace("values: [1, 2]", "values: [1]"));

        assertThatThrownBy(() -> SweepRunner.run(other, folder.resolve("out"), 2, true, SweepRunner.Progress.NONE))
                .isInstanceOf(SweepException.class)
                .hasMessageContaining("contains the results of a different sweep");
    }

    @Test
    void singleRunFolderIsRejected() throws Exception {
        SweepPlan plan = plan(SWEEP);
        Path runFolder = folder.resolve("run");
        Files.createDirectories(runFolder);
        Files.writeString(runFolder.resolve("summary.json"), "{}\n");
        Files.writeString(runFolder.resolve("timeseries.csv"), "time_s\n");

        for (boolean resume : List.of(false, true)) {
            assertThatThrownBy(() -> SweepRunner.prepare(plan, runFolder, resume))
                    .as("resume=" + resume)
                    .isInstanceOf(SweepException.class)
                    .hasMessageContaining(runFolder + " contains the results of a single run (summary.json, "
                            + "timeseries.csv, written by orrery run): choose another --out folder for the sweep");
        }
        assertThat(runFolder.resolve("sweep.json")).doesNotExist();
    }

    @Test
    void failedRunIsReportedAndOthersKept() throws Exception {
        // A window that starts after the trace's last request replays nothing, which fails the run.
        SweepPlan plan = plan("""
                base: base.yaml
                axes:
                  - key: trace.start
                    values: [2030-01-01T00:00:00Z, null]
                """);

        SweepRunner.Outcome outcome = SweepRunner.run(plan, folder.resolve("out"), 2, false, SweepRunner.Progress.NONE);

        assertThat(outcome.failures()).singleElement().satisfies(failure -> assertThat(failure)
                .startsWith("scenario 000 (trace.start=2030-01-01T00:00:00Z), seed 1: ")
                .contains("no trace row"));
        assertThat(outcome.ran()).isEqualTo(1);
        assertThat(folder.resolve("out/scenario=001/seed=1/summary.json")).isNotEmptyFile();
        assertThat(folder.resolve("out/sweep.csv")).doesNotExist();
        assertThat(folder.resolve("out/sweep.parquet")).doesNotExist();
    }
}
