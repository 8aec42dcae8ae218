package org.orrery.experiments.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.experiments.sweep.SweepPlan;
import org.orrery.experiments.sweep.SweepRunner;
import org.orrery.experiments.sweep.SweepSpec;

/** Runs a small sweep in Spark local mode and compares it with the local thread-pool runner. */
class SparkSweepEngineTest {
    private static final String BASE = """
            cluster:
              nodes:
                - server: DGX-H100-80GB
                  count: 1
            model: Llama-3.1-8B
            serving:
              instances: 2
            trace:
              path: bundled:azure-2023-code
              max_requests: 150
            carbon:
              intensity: 400
            output:
              figures: false
            """;
    private static final String SWEEP = """
            base: base.yaml
            seeds: 2
            axes:
              - key: serving.instances
                values: [1, 2]
              - key: serving.router
                values: [round-robin, least-outstanding-tokens]
            """;

    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = SparkSession.builder()
                .master("local[2]")
                .appName("orrery-test")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void sparkTablesEqualLocalTables(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("base.yaml"), BASE);
        Path sweepFile = folder.resolve("sweep.yaml");
        Files.writeString(sweepFile, SWEEP);
        SweepPlan plan = SweepPlan.expand(SweepSpec.load(sweepFile));

        SweepRunner.Outcome local = SweepRunner.run(plan, folder.resolve("local"), 2, false,
                SweepRunner.Progress.NONE);
        SweepRunner.Outcome distributed = new SparkSweepEngine().run(plan, folder.resolve("spark"), false);

        assertThat(local.failures()).isEmpty();
        assertThat(distributed.failures()).isEmpty();
        assertThat(distributed.ran()).isEqualTo(4 * 2);
        for (String table : new String[] {"sweep.csv", "sweep-summary.csv"}) {
            assertThat(Files.readString(folder.resolve("spark").resolve(table)))
                    .isEqualTo(Files.readString(folder.resolve("local").resolve(table)));
        }

        // Spark's Parquet data source reads both files back: same schema, same rows.
        Dataset<Row> parquet = spark.read().parquet(folder.resolve("local/sweep.parquet").toString());
        Dataset<Row> sparkParquet = spark.read().parquet(folder.resolve("spark/sweep.parquet").toString());
        assertThat(sparkParquet.schema()).isEqualTo(parquet.schema());
        assertThat(sparkParquet.collectAsList()).isEqualTo(parquet.collectAsList());
        assertThat(parquet.count()).isEqualTo(8);
        assertThat(parquet.schema().apply("scenario").dataType().typeName()).isEqualTo("string");
        assertThat(parquet.schema().apply("seed").dataType().typeName()).isEqualTo("long");
        assertThat(parquet.schema().apply("latency_s.e2e.p99").dataType().typeName()).isEqualTo("double");
    }

    @Test
    void resumeRunsOnlyMissingRuns(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("base.yaml"), BASE);
        Path sweepFile = folder.resolve("sweep.yaml");
        Files.writeString(sweepFile, SWEEP);
        SweepPlan plan = SweepPlan.expand(SweepSpec.load(sweepFile));
        Path out = folder.resolve("spark");
        new SparkSweepEngine().run(plan, out, false);
        org.orrery.experiments.sweep.AtomicFiles.deleteRecursively(out.resolve("scenario=001/seed=2"));

        SweepRunner.Outcome resumed = new SparkSweepEngine().run(plan, out, true);

        assertThat(resumed.ran()).isEqualTo(1);
        assertThat(resumed.skipped()).isEqualTo(7);
        assertThat(Files.readAllLines(out.resolve("sweep.csv"))).hasSize(1 + 8);
    }
}
