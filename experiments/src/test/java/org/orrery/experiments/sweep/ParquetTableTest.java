package org.orrery.experiments.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetTableTest {
    private static final List<ParquetTable.Column> COLUMNS = List.of(
            new ParquetTable.Column("scenario", ParquetTable.Type.TEXT),
            new ParquetTable.Column("seed", ParquetTable.Type.LONG),
            new ParquetTable.Column("latency_s.e2e.p99", ParquetTable.Type.DOUBLE));

    @TempDir
    Path folder;

    @Test
    void cellsRoundTrip() throws Exception {
        List<List<Object>> rows = List.of(
                Arrays.asList("000", 1L, 0.1 + 0.2),
                Arrays.asList("a, \"quoted\" text", Long.MIN_VALUE, -0.0),
                Arrays.asList("ünïcødé ✓", Long.MAX_VALUE, Double.MAX_VALUE),
                Arrays.asList("", 0L, Double.POSITIVE_INFINITY),
                Arrays.asList(null, null, null));
        Path file = folder.resolve("table.parquet");

        ParquetTable.write(file, COLUMNS, rows);

        List<Group> records = ParquetFiles.read(file);
        assertThat(records).hasSize(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < COLUMNS.size(); c++) {
                assertThat(ParquetFiles.cell(records.get(r), c)).as("row %d, column %s", r, COLUMNS.get(c).name())
                        .isEqualTo(rows.get(r).get(c));
            }
        }
    }

    @Test
    void schemaHasTypedOptionalColumns() throws Exception {
        Path file = folder.resolve("table.parquet");

        ParquetTable.write(file, COLUMNS, List.of(Arrays.asList("000", 1L, 2.5)));

        List<org.apache.parquet.schema.Type> fields = ParquetFiles.read(file).get(0).getType().getFields();
        assertThat(fields).extracting(org.apache.parquet.schema.Type::getName)
                .containsExactly("scenario", "seed", "latency_s.e2e.p99");
        assertThat(fields).allSatisfy(field -> assertThat(field.getRepetition()).isEqualTo(Repetition.OPTIONAL));
        PrimitiveType scenario = fields.get(0).asPrimitiveType();
        assertThat(scenario.getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.BINARY);
        assertThat(scenario.getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.stringType());
        assertThat(fields.get(1).asPrimitiveType().getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.INT64);
        assertThat(fields.get(2).asPrimitiveType().getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.DOUBLE);
    }

    @Test
    void emptyTableHasSchemaAndNoRows() throws Exception {
        Path file = folder.resolve("table.parquet");

        ParquetTable.write(file, COLUMNS, List.of());

        assertThat(file).isNotEmptyFile();
        assertThat(ParquetFiles.read(file)).isEmpty();
    }

    @Test
    void writeReplacesFileAndLeavesNoTemporaryFile() throws Exception {
        Path file = folder.resolve("table.parquet");
        ParquetTable.write(file, COLUMNS, List.of(Arrays.asList("old", 1L, 1.0)));

        ParquetTable.write(file, COLUMNS, List.of(Arrays.asList("new", 2L, 2.0)));

        assertThat(ParquetFiles.read(file)).singleElement()
                .satisfies(record -> assertThat(record.getString(0, 0)).isEqualTo("new"));
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("table.parquet");
        }
    }

    @Test
    void writerRunsWithoutHadoop() throws Exception {
        // orrery.jar ships no Hadoop classes, so the write must succeed in a class loader without them.
        List<URL> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!Path.of(entry).getFileName().toString().startsWith("hadoop-")) {
                classPath.add(Path.of(entry).toUri().toURL());
            }
        }
        Path file = folder.resolve("table.parquet");

        try (URLClassLoader withoutHadoop = new URLClassLoader(classPath.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> withoutHadoop.loadClass("org.apache.hadoop.conf.Configuration"))
                    .isInstanceOf(ClassNotFoundException.class);
            withoutHadoop.loadClass(SampleWriter.class.getName()).getMethod("write", Path.class).invoke(null, file);
        }

        assertThat(ParquetFiles.read(file)).singleElement()
                .satisfies(record -> assertThat(record.getString(0, 0)).isEqualTo("000"));
    }

    /** Writes a one-row table; loaded by the class loader of {@link #writerRunsWithoutHadoop}. */
    public static final class SampleWriter {
        private SampleWriter() {
        }

        public static void write(Path file) throws IOException {
            ParquetTable.write(file, COLUMNS, List.of(Arrays.asList("000", 1L, 2.5)));
        }
    }

    @Test
    void rowOfWrongWidthIsRejected() {
        Path file = folder.resolve("table.parquet");

        assertThatThrownBy(() -> ParquetTable.write(file, COLUMNS, List.of(Arrays.asList("000", 1L))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row has 2 cells, expected 3");
        assertThat(file).doesNotExist();
    }
}
