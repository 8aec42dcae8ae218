package org.orrery.experiments.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.experiments.sweep.AtomicFiles;
import org.orrery.experiments.sweep.SweepPlan;
import org.orrery.experiments.sweep.SweepRunner;
import org.orrery.experiments.sweep.SweepSpec;

/**
 * Submits {@code orrery-spark.jar} to Spark as {@code bin/spark-submit} of a Spark 3.5 distribution
 * does, and compares the sweep tables with the local runner's.
 *
 * <p>No Spark distribution is available to the build, so the test lays one out: a Spark home with a
 * {@code RELEASE} file and a {@code jars/} folder holding the jars that the {@code spark-runtime}
 * module resolved. Like Spark's {@code bin/spark-class}, it runs Spark's launcher
 * ({@code org.apache.spark.launcher.Main}) to build the driver command, which adds the JVM options
 * that Spark needs on Java 17, and then runs that command in a child JVM. The driver binds to the
 * loopback address and runs in local mode with the web UI off.
 */
class SparkSubmitIT {
    private static final long TIMEOUT_MINUTES = 5;
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
              - key: serving.router
                values: [round-robin, least-outstanding-tokens]
            """;

    @TempDir
    Path folder;

    @Test
    void sparkSubmitTablesEqualLocalTables() throws Exception {
        Path sparkHome = layOutSparkHome(Path.of(System.getProperty("spark.home.dir", "target/spark-home")));
        Files.writeString(folder.resolve("base.yaml"), BASE);
        Path sweepFile = folder.resolve("sweep.yaml");
        Files.writeString(sweepFile, SWEEP);
        Path sparkOut = folder.resolve("spark");

        List<String> driver = launcherCommand(sparkHome, List.of(
                "--master", "local[2]",
                "--conf", "spark.ui.enabled=false",
                "--class", "org.orrery.experiments.cli.OrreryCli",
                requiredPath("orrery.spark.jar").toString(),
                "sweep", sweepFile.toString(), "--engine", "spark", "--no-figures", "--out", sparkOut.toString()));
        Path log = folder.resolve("spark-submit.log");
        int exitCode = run(driver, sparkHome, log);

        assertThat(exitCode).as("exit status of spark-submit; its output:%n%s", tail(log)).isZero();
        assertThat(Files.readString(log)).contains("2 scenarios x 2 seeds = 4 runs (4 run now");

        SweepPlan plan = SweepPlan.expand(SweepSpec.load(sweepFile));
        Path localOut = folder.resolve("local");
        assertThat(SweepRunner.run(plan, localOut, 2, false, SweepRunner.Progress.NONE).failures()).isEmpty();
        for (String table : List.of("sweep.csv", "sweep-summary.csv", "sweep.json")) {
            assertThat(Files.readString(sparkOut.resolve(table))).as(table)
                    .isEqualTo(Files.readString(localOut.resolve(table)));
        }
        assertThat(parquetRecords(sparkOut.resolve("sweep.parquet")))
                .isEqualTo(parquetRecords(localOut.resolve("sweep.parquet")))
                .hasSize(1 + 4);
    }

    /**
     * Creates a Spark home as a distribution has it: {@code RELEASE} and links to the jars in
     * {@code jars/}. It lies outside the test's temporary folder, whose clean-up warns about every
     * link to a file outside it.
     */
    private static Path layOutSparkHome(Path home) throws IOException {
        AtomicFiles.deleteRecursively(home);
        Path jars = Files.createDirectories(home.resolve("jars"));
        Files.writeString(home.resolve("RELEASE"), "Spark jars resolved by the spark-runtime module\n");
        String classPath = Files.readString(requiredPath("spark.classpath.file")).strip();
        for (String jar : classPath.split(java.io.File.pathSeparator)) {
            Path source = Path.of(jar);
            Files.createSymbolicLink(jars.resolve(source.getFileName()), source);
        }
        return home;
    }

    /**
     * Runs Spark's launcher for {@code spark-submit ARGS} and returns the driver command it builds.
     * The launcher prints a NUL byte and a newline, then each argument followed by a NUL byte.
     */
    private List<String> launcherCommand(Path sparkHome, List<String> submitArguments) throws Exception {
        List<String> launcher = new ArrayList<>(List.of(javaExecutable(), "-Xmx128m",
                "-cp", sparkHome.resolve("jars") + "/*",
                "org.apache.spark.launcher.Main", "org.apache.spark.deploy.SparkSubmit"));
        launcher.addAll(submitArguments);
        Path output = folder.resolve("launcher.out");
        Path log = folder.resolve("launcher.log");
        ProcessBuilder builder = new ProcessBuilder(launcher).redirectOutput(output.toFile()).redirectError(log.toFile());
        environment(builder.environment(), sparkHome);
        assertThat(waitFor(builder.start())).as("exit status of Spark's launcher; its errors:%n%s", tail(log)).isZero();

        String[] parts = new String(Files.readAllBytes(output), StandardCharsets.UTF_8).split("\0", -1);
        List<String> command = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String argument = i == 1 ? parts[i].stripLeading() : parts[i];
            if (!(i == parts.length - 1 && argument.isEmpty())) {
                command.add(argument);
            }
        }
        assertThat(command).as("driver command from Spark's launcher")
                .contains("org.apache.spark.deploy.SparkSubmit", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
        return command;
    }

    private static int run(List<String> command, Path sparkHome, Path log) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        environment(builder.environment(), sparkHome);
        return waitFor(builder.start());
    }

    /**
     * Sets the environment of the launcher and the driver: the Spark home, the Scala version that
     * Spark's {@code bin/load-spark-env.sh} exports when the Spark home has no build folder, and
     * {@code SPARK_LOCAL_IP}, so that the driver binds to the loopback address.
     */
    private static void environment(Map<String, String> environment, Path sparkHome) {
        environment.put("SPARK_HOME", sparkHome.toString());
        environment.put("SPARK_SCALA_VERSION", "2.13");
        environment.put("SPARK_LOCAL_IP", "127.0.0.1");
        environment.remove("SPARK_CONF_DIR");
    }

    private static int waitFor(Process process) throws InterruptedException {
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("process timed out after " + TIMEOUT_MINUTES + " minutes: "
                    + process.info().commandLine().orElse("(command line unknown)"));
        }
        return process.exitValue();
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Path requiredPath(String property) {
        String value = System.getProperty(property);
        assertThat(value).as("system property %s (set by the failsafe configuration in pom.xml)", property)
                .isNotBlank();
        Path path = Path.of(value);
        assertThat(path).as("%s=%s", property, value).exists();
        return path;
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no output)";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    /** Returns the schema and every record of a Parquet file as text. */
    private static List<String> parquetRecords(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        try (ParquetReader<Group> reader = new GroupReaderBuilder(new LocalInputFile(file)).build()) {
            for (Group record = reader.read(); record != null; record = reader.read()) {
                if (lines.isEmpty()) {
                    lines.add(record.getType().toString());
                }
                lines.add(record.toString());
            }
        }
        return lines;
    }

    private static final class GroupReaderBuilder extends ParquetReader.Builder<Group> {
        GroupReaderBuilder(InputFile file) {
            super(file, new PlainParquetConfiguration());
        }

        @Override
        protected ReadSupport<Group> getReadSupport() {
            return new GroupReadSupport();
        }
    }
}
