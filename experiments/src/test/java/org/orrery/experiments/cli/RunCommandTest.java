package org.orrery.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** The result folder of {@code orrery run}: what a run writes, and how it treats an existing folder. */
class RunCommandTest {
    private static final String BASE = """
            cluster:
              nodes:
                - server: DGX-H100-80GB
            model: Llama-3.1-8B
            serving:
              instances: 1
            trace:
              path: bundled:azure-2023-code
              max_requests: 50
            carbon:
              intensity: 400
            output:
              figures: true
            """;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path folder;

    private Path config;
    private Path results;

    @BeforeEach
    void writeConfig() throws Exception {
        config = folder.resolve("base.yaml");
        Files.writeString(config, BASE);
        results = folder.resolve("results");
    }

    @Test
    void runWritesExactlyListedFiles() throws Exception {
        int status = execute("run", config.toString(), "--out", results.toString());

        assertThat(status).as(err.toString()).isZero();
        assertThat(relativeFiles(results)).containsExactlyInAnyOrderElementsOf(RunFolder.runFileNames());
        assertThat(results.resolve(RunFolder.STAGING)).doesNotExist();
    }

    @Test
    void earlierRunRejectedWithoutOverwrite() throws Exception {
        execute("run", config.toString(), "--out", results.toString());
        String summary = Files.readString(results.resolve("summary.json"));

        int status = execute("run", config.toString(), "--out", results.toString(), "--set", "serving.instances=2");

        assertThat(status).isEqualTo(OrreryCli.USER_ERROR);
        assertThat(err.toString()).contains(results + " already contains the results of an earlier run (summary.json, "
                + "requests.csv, timeseries.csv, resolved-config.yaml and 7 more): pass --overwrite to replace them");
        assertThat(Files.readString(results.resolve("summary.json"))).isEqualTo(summary);
        assertThat(results.resolve(RunFolder.STAGING)).doesNotExist();
    }

    @Test
    void overwriteRemovesStaleFilesOnly() throws Exception {
        execute("run", config.toString(), "--out", results.toString());
        Files.writeString(results.resolve("notes.txt"), "kept\n");
        Files.writeString(results.resolve("figures/sketch.txt"), "kept\n");

        int status = execute("run", config.toString(), "--out", results.toString(), "--overwrite", "--set",
                "output.figures=false", "--set", "serving.instances=2");

        assertThat(status).as(err.toString()).isZero();
        assertThat(relativeFiles(results)).containsExactlyInAnyOrder("summary.json", "requests.csv", "timeseries.csv",
                "resolved-config.yaml", "run.json", "notes.txt", "figures/sketch.txt");
        assertThat(Files.readString(results.resolve("resolved-config.yaml"))).contains("instances: 2");
    }

    @Test
    void overwriteRemovesEmptiedFiguresFolder() throws Exception {
        execute("run", config.toString(), "--out", results.toString());

        int status = execute("run", config.toString(), "--out", results.toString(), "--overwrite", "--set",
                "output.figures=false");

        assertThat(status).as(err.toString()).isZero();
        assertThat(results.resolve("figures")).doesNotExist();
    }

    @Test
    void failedOverwriteKeepsEarlierRun() throws Exception {
        execute("run", config.toString(), "--out", results.toString());
        List<String> before = relativeFiles(results);
        String summary = Files.readString(results.resolve("summary.json"));

        int status = execute("run", config.toString(), "--out", results.toString(), "--overwrite", "--set",
                "carbon.intensity=bundled:electricitymaps-US-CAL-CISO-2024");

        assertThat(status).isEqualTo(OrreryCli.USER_ERROR);
        assertThat(err.toString()).contains("covers 2024-01-01T00:00:00Z");
        assertThat(relativeFiles(results)).containsExactlyInAnyOrderElementsOf(before);
        assertThat(Files.readString(results.resolve("summary.json"))).isEqualTo(summary);
        assertThat(results.resolve(RunFolder.STAGING)).doesNotExist();
    }

    @Test
    void failedRunLeavesNoNewFolder() {
        int status = execute("run", config.toString(), "--out", results.toString(), "--set",
                "trace.start=2030-01-01T00:00:00Z");

        assertThat(status).isEqualTo(OrreryCli.USER_ERROR);
        assertThat(err.toString()).contains("falls in the replay window");
        assertThat(results).doesNotExist();
    }

    @Test
    void killedRunLeftoverIsReplaced() throws Exception {
        Files.createDirectories(results.resolve(RunFolder.STAGING));
        Files.writeString(results.resolve(RunFolder.STAGING).resolve("requests.csv"), "request_id\n1\n");

        int status = execute("run", config.toString(), "--out", results.toString());

        assertThat(status).as(err.toString()).isZero();
        assertThat(relativeFiles(results)).containsExactlyInAnyOrderElementsOf(RunFolder.runFileNames());
        assertThat(results.resolve(RunFolder.STAGING)).doesNotExist();
    }

    @Test
    void sweepFolderRejectedEvenWithOverwrite() throws Exception {
        Files.createDirectories(results);
        Files.writeString(results.resolve("sweep.json"), "{}\n");

        int status = execute("run", config.toString(), "--out", results.toString(), "--overwrite");

        assertThat(status).isEqualTo(OrreryCli.USER_ERROR);
        assertThat(err.toString()).contains(results + " contains a sweep (sweep.json): choose another folder with --out");
        assertThat(relativeFiles(results)).containsExactly("sweep.json");
    }

    @Test
    void runFolderInsideSweepRejected() throws Exception {
        Path sweep = folder.resolve("sweep");
        Path seedFolder = sweep.resolve("scenario=000").resolve("seed=1");
        Files.createDirectories(seedFolder);
        Files.writeString(sweep.resolve("sweep.json"), "{}\n");
        Files.writeString(seedFolder.resolve("summary.json"), "{}\n");

        for (Path inside : List.of(seedFolder, sweep.resolve("scenario=000"), sweep.resolve("scenario=001/seed=1"))) {
            err.getBuffer().setLength(0);

            int status = execute("run", config.toString(), "--out", inside.toString(), "--overwrite");

            assertThat(status).as(inside.toString()).isEqualTo(OrreryCli.USER_ERROR);
            assertThat(err.toString()).contains(inside + " is inside the sweep in " + sweep.toAbsolutePath()
                    + " (it contains sweep.json): choose a folder outside the sweep with --out");
            assertThat(err.toString()).contains("--out " + sweep.toAbsolutePath() + " --resume");
        }
        assertThat(seedFolder.resolve("summary.json")).hasContent("{}");
        assertThat(sweep.resolve("scenario=001")).doesNotExist();
    }

    @Test
    void runThreeLevelsBelowSweepAccepted() throws Exception {
        Files.createDirectories(results);
        Files.writeString(folder.resolve("sweep.json"), "{}\n");
        Path deep = results.resolve("a").resolve("b");

        int status = execute("run", config.toString(), "--out", deep.toString());

        assertThat(status).as(err.toString()).isZero();
        assertThat(deep.resolve("summary.json")).isNotEmptyFile();
    }

    @Test
    void folderWithOtherFilesAccepted() throws Exception {
        Files.createDirectories(results);
        Files.writeString(results.resolve("notes.txt"), "kept\n");

        int status = execute("run", config.toString(), "--out", results.toString());

        assertThat(status).as(err.toString()).isZero();
        assertThat(results.resolve("notes.txt")).hasContent("kept");
        assertThat(results.resolve("summary.json")).isNotEmptyFile();
    }

    /** Returns every regular file below {@code directory}, relative to it, with '/' between folders. */
    private static List<String> relativeFiles(Path directory) throws Exception {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile)
                    .map(file -> directory.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/"))
                    .toList();
        }
    }

    private int execute(String... args) {
        CommandLine commandLine = OrreryCli.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }
}
