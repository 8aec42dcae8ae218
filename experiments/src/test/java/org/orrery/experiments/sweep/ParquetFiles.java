package org.orrery.experiments.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;

/**
 * Reads Parquet files in tests with parquet-java's record reader. Unlike the writer, the reader
 * loads a few Hadoop classes (filter and input-format classes) even for a local file, so the tests
 * have Hadoop's client API on their class path.
 */
final class ParquetFiles {
    private ParquetFiles() {
    }

    /** Returns every record of {@code file}; each group's type is the file's schema. */
    static List<Group> read(Path file) throws IOException {
        List<Group> records = new ArrayList<>();
        try (ParquetReader<Group> reader = new GroupReaderBuilder(new LocalInputFile(file)).build()) {
            for (Group record = reader.read(); record != null; record = reader.read()) {
                records.add(record);
            }
        }
        return records;
    }

    /**
     * Returns every record as text, led by the schema of the first, for comparing two files by
     * content. The bytes of equal tables can differ, because parquet-java 1.15 lists a column's
     * encodings in the footer in an order that can change from one JVM run to the next.
     */
    static List<String> content(Path file) throws IOException {
        List<Group> records = read(file);
        List<String> lines = new ArrayList<>();
        for (Group record : records) {
            if (lines.isEmpty()) {
                lines.add(record.getType().toString());
            }
            lines.add(record.toString());
        }
        return lines;
    }

    /** Returns the cell at {@code column} of {@code record} as a String, Long or Double, or null for a Parquet null. */
    static Object cell(Group record, int column) {
        if (record.getFieldRepetitionCount(column) == 0) {
            return null;
        }
        return switch (record.getType().getType(column).asPrimitiveType().getPrimitiveTypeName()) {
            case BINARY -> record.getString(column, 0);
            case INT64 -> record.getLong(column, 0);
            case DOUBLE -> record.getDouble(column, 0);
            default -> throw new IllegalArgumentException("unexpected column type in " + record.getType());
        };
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
