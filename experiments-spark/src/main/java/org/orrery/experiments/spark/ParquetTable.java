package org.orrery.experiments.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.orrery.experiments.plot.CsvTable;
import org.orrery.experiments.sweep.SweepPlan;

/**
 * Writes the table of runs ({@code sweep.csv}) as Parquet with typed columns: {@code scenario} and
 * the axis columns as strings (an axis may hold names or numbers), {@code seed} as a long and every
 * metric as a double. Spark writes a folder of part files, which pandas, Arrow and Spark read as
 * one table.
 */
final class ParquetTable {
    private ParquetTable() {
    }

    static void write(SparkSession spark, SweepPlan plan, Path csv, Path parquet) throws IOException {
        CsvTable table = CsvTable.read(csv);
        List<String> header = table.header();
        List<String> textColumns = new ArrayList<>(List.of("scenario"));
        textColumns.addAll(plan.axisKeys());

        List<StructField> fields = new ArrayList<>();
        for (String column : header) {
            DataType type = textColumns.contains(column) ? DataTypes.StringType
                    : column.equals("seed") ? DataTypes.LongType : DataTypes.DoubleType;
            fields.add(DataTypes.createStructField(column, type, true));
        }
        List<List<String>> columns = new ArrayList<>();
        for (String column : header) {
            columns.add(table.text(column));
        }
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < table.size(); r++) {
            Object[] values = new Object[header.size()];
            for (int c = 0; c < header.size(); c++) {
                String cell = columns.get(c).get(r);
                DataType type = fields.get(c).dataType();
                if (type == DataTypes.StringType) {
                    values[c] = cell;
                } else if (cell.isEmpty()) {
                    values[c] = null;
                } else if (type == DataTypes.LongType) {
                    values[c] = Long.parseLong(cell);
                } else {
                    values[c] = Double.parseDouble(cell);
                }
            }
            rows.add(RowFactory.create(values));
        }
        spark.createDataFrame(rows, new StructType(fields.toArray(StructField[]::new)))
                .coalesce(1)
                .write()
                .mode(SaveMode.Overwrite)
                .parquet(parquet.toAbsolutePath().toString());
    }
}
