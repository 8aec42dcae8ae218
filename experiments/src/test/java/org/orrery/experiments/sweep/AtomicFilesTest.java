package org.orrery.experiments.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path directory;

    @Test
    void writtenTableIsReadableByOthers() throws IOException {
        assumeTrue(directory.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path table = directory.resolve("sweep.csv");

        AtomicFiles.writeString(table, "scenario,seed\n");

        assertThat(Files.readString(table)).isEqualTo("scenario,seed\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(table))).isEqualTo("rw-r--r--");
        try (var left = Files.list(directory)) {
            assertThat(left).containsExactly(table);
        }
    }

    @Test
    void leftoverTemporaryFilesAreDeleted() throws IOException {
        Path table = directory.resolve("sweep.parquet");
        Path leftover = Files.createFile(directory.resolve(".sweep.parquet2164479702510649886.partial"));
        Path other = Files.createFile(directory.resolve("sweep.csv"));

        AtomicFiles.deleteTemporaryFiles(directory, table);

        assertThat(leftover).doesNotExist();
        assertThat(other).exists();
    }
}
