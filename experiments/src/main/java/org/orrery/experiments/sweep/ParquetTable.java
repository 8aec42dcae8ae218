package org.orrery.experiments.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * Writes a table with typed columns as one Parquet file with parquet-java (Apache Parquet's Java
 * library): {@link Type#TEXT} columns as UTF-8 strings, {@link Type#LONG} as INT64 and
 * {@link Type#DOUBLE} as DOUBLE. Every column is optional, and a null cell is a Parquet null.
 *
 * <p>The writer uses parquet-java's local-file output and plain configuration, so it loads no
 * Hadoop class and {@code orrery.jar} ships none. For the same reason the pages are uncompressed:
 * parquet-java's codecs (Snappy, gzip, ZSTD) are Hadoop codecs.
 *
 * <p>NOTE: equal tables give equal values but not always equal bytes. parquet-java 1.15 lists each
 * column's encodings in the file footer in an order that can change from one JVM run to the next,
 * so compare Parquet files by content.
 */
public final class ParquetTable {
    /** Parquet type of a column. */
    public enum Type {
        /** UTF-8 string ({@code BINARY} annotated {@code STRING}); cells are {@link String}. */
        TEXT,
        /** {@code INT64}; cells are {@link Long}. */
        LONG,
        /** {@code DOUBLE}; cells are {@link Double}. */
        DOUBLE
    }

    /** A named, typed column. */
    public record Column(String name, Type type) {
    }

    private static final String SCHEMA_NAME = "table";

    private ParquetTable() {
    }

    /**
     * Writes {@code rows} to {@code file} atomically, replacing any previous file. Each row has one
     * cell per column, of the column's Java type or null.
     */
    public static void write(Path file, List<Column> columns, List<List<Object>> rows) throws IOException {
        MessageType schema = schema(columns);
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = AtomicFiles.temporaryFile(directory, file);
        try {
            try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(temporary))
                    .withConf(new PlainParquetConfiguration())
                    .withType(schema)
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
                    .build()) {
                for (List<Object> row : rows) {
                    writer.write(group(groups.newGroup(), columns, row));
                }
            }
            AtomicFiles.move(temporary, file);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    static MessageType schema(List<Column> columns) {
        Types.MessageTypeBuilder message = Types.buildMessage();
        for (Column column : columns) {
            switch (column.type()) {
                case TEXT -> message.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                        .named(column.name());
                case LONG -> message.optional(PrimitiveTypeName.INT64).named(column.name());
                case DOUBLE -> message.optional(PrimitiveTypeName.DOUBLE).named(column.name());
                default -> throw new IllegalStateException("unhandled column type " + column.type());
            }
        }
        return message.named(SCHEMA_NAME);
    }

    private static Group group(Group group, List<Column> columns, List<Object> row) {
        if (row.size() != columns.size()) {
            throw new IllegalArgumentException("row has " + row.size() + " cells, expected " + columns.size()
                    + " (one per column)");
        }
        for (int i = 0; i < columns.size(); i++) {
            Object cell = row.get(i);
            if (cell == null) {
                continue;
            }
            switch (columns.get(i).type()) {
                case TEXT -> group.add(i, (String) cell);
                case LONG -> group.add(i, (long) (Long) cell);
                case DOUBLE -> group.add(i, (double) (Double) cell);
                default -> throw new IllegalStateException("unhandled column type " + columns.get(i).type());
            }
        }
        return group;
    }
}
