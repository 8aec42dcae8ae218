package org.orrery.experiments.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.orrery.experiments.config.ConfigNode;

/**
 * The combined tables of a sweep, built from the {@code summary.json} of every finished run (so a
 * resumed sweep lists each run exactly once):
 * <ul>
 *   <li>{@code sweep.csv}: one row per run with {@code scenario}, {@code seed}, one column per
 *       axis key and every numeric value of {@code summary.json}, its path joined with dots
 *       ({@code latency_s.e2e.p99}, {@code energy_j.facility}). The axis value of a key that takes
 *       units is a number in the key's unit ({@code 400 W} as 400, see {@link #axisCell});</li>
 *   <li>{@code sweep.parquet}: the same rows and columns as {@code sweep.csv} in one Parquet file,
 *       with {@code scenario} and the other axis columns as strings, the axis columns of keys that
 *       take units as DOUBLE, {@code seed} as INT64 and the metrics as DOUBLE; an empty CSV cell is
 *       a null;</li>
 *   <li>{@code sweep-summary.csv}: one row per scenario with {@code seeds} (runs averaged) and, for
 *       every metric, {@code <metric>.mean} and {@code <metric>.ci95}, the half-width of the 95%
 *       Student-t confidence interval across seeds (empty for one seed).</li>
 * </ul>
 * Rows follow the expansion order and numbers print in Java's shortest round-trip form, so the CSV
 * tables are byte-identical whatever the number of threads or the engine, and {@code sweep.parquet}
 * contains the same values (its bytes can differ between JVM runs, see {@link ParquetTable}). Wall
 * times are left out for the same reason: they stay in each run's {@code run.json}.
 */
public final class SweepTables {
    /** File name of the table of runs. */
    public static final String RUNS_FILE = "sweep.csv";
    /** File name of the table of runs in Parquet. */
    public static final String RUNS_PARQUET_FILE = "sweep.parquet";
    /** File name of the table of scenarios. */
    public static final String SCENARIOS_FILE = "sweep-summary.csv";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SKIPPED_KEYS = Set.of("name", "seed", "window_start_utc");

    private SweepTables() {
    }

    /**
     * One run's row.
     *
     * @param task the run
     * @param metrics every numeric value of its summary, by dotted path
     */
    public record Row(RunTask task, Map<String, Double> metrics) {
    }

    /** Reads the summary of every run of {@code plan} from {@code directory}. */
    public static List<Row> collect(SweepPlan plan, Path directory) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (RunTask task : plan.runs()) {
            Path summary = task.directory(directory).resolve("summary.json");
            if (!Files.isRegularFile(summary)) {
                throw new SweepException(task.describe() + " has no result at " + summary
                        + ": run the sweep again with --resume to finish it");
            }
            Map<String, Double> metrics = new LinkedHashMap<>();
            try {
                flatten("", JSON.readTree(summary.toFile()), metrics);
            } catch (JsonProcessingException e) {
                throw new SweepException(task.describe() + ": " + summary + " is not valid JSON ("
                        + e.getOriginalMessage() + "): delete the folder " + task.directory(directory)
                        + " and run the sweep again with --resume to redo that run");
            }
            rows.add(new Row(task, metrics));
        }
        return rows;
    }

    /**
     * Writes {@code sweep.csv}, {@code sweep.parquet} and {@code sweep-summary.csv}, each atomically,
     * and returns the rows. Temporary files that a killed earlier write left behind are removed first.
     */
    public static List<Row> write(SweepPlan plan, Path directory) throws IOException {
        for (String table : List.of(RUNS_FILE, RUNS_PARQUET_FILE, SCENARIOS_FILE)) {
            AtomicFiles.deleteTemporaryFiles(directory, directory.resolve(table));
        }
        List<Row> rows = collect(plan, directory);
        List<String> metrics = metricColumns(rows);
        List<ParquetTable.Column> columns = runsColumns(plan, metrics);
        List<List<Object>> cells = runsCells(plan, rows, metrics);
        AtomicFiles.writeString(directory.resolve(RUNS_FILE), runsCsv(columns, cells));
        ParquetTable.write(directory.resolve(RUNS_PARQUET_FILE), columns, cells);
        AtomicFiles.writeString(directory.resolve(SCENARIOS_FILE), scenariosCsv(plan, rows, metrics));
        return rows;
    }

    static List<ParquetTable.Column> runsColumns(SweepPlan plan, List<String> metrics) {
        List<ParquetTable.Column> columns = new ArrayList<>();
        columns.add(new ParquetTable.Column("scenario", ParquetTable.Type.TEXT));
        columns.add(new ParquetTable.Column("seed", ParquetTable.Type.LONG));
        for (String key : plan.axisKeys()) {
            boolean numeric = plan.scenarios().stream()
                    .allMatch(scenario -> axisCell(key, scenario.assignments().get(key)) instanceof Double);
            columns.add(new ParquetTable.Column(key, numeric ? ParquetTable.Type.DOUBLE : ParquetTable.Type.TEXT));
        }
        for (String metric : metrics) {
            columns.add(new ParquetTable.Column(metric, ParquetTable.Type.DOUBLE));
        }
        return columns;
    }

    /** Returns one list of cells per run, in the order of {@link #runsColumns}; NaN metrics are null. */
    static List<List<Object>> runsCells(SweepPlan plan, List<Row> rows, List<String> metrics) {
        List<List<Object>> table = new ArrayList<>();
        for (Row row : rows) {
            List<Object> cells = new ArrayList<>();
            cells.add(row.task().scenario().id());
            cells.add(row.task().seed());
            for (String key : plan.axisKeys()) {
                cells.add(axisCell(key, row.task().scenario().assignments().get(key)));
            }
            for (String metric : metrics) {
                double value = row.metrics().getOrDefault(metric, Double.NaN);
                cells.add(Double.isNaN(value) ? null : value);
            }
            table.add(cells);
        }
        return table;
    }

    static String runsCsv(List<ParquetTable.Column> columns, List<List<Object>> table) {
        StringBuilder csv = new StringBuilder();
        appendLine(csv, columns.stream().map(ParquetTable.Column::name).toList());
        for (List<Object> row : table) {
            List<String> cells = new ArrayList<>();
            for (Object cell : row) {
                cells.add(formatCell(cell));
            }
            appendLine(csv, cells);
        }
        return csv.toString();
    }

    static String scenariosCsv(SweepPlan plan, List<Row> rows, List<String> metrics) {
        StringBuilder csv = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("scenario"));
        header.addAll(plan.axisKeys());
        header.add("seeds");
        for (String metric : metrics) {
            header.add(metric + ".mean");
            header.add(metric + ".ci95");
        }
        appendLine(csv, header);
        for (Scenario scenario : plan.scenarios()) {
            List<Row> runs = rows.stream().filter(row -> row.task().scenario().id().equals(scenario.id())).toList();
            List<String> cells = new ArrayList<>(List.of(scenario.id()));
            for (String key : plan.axisKeys()) {
                cells.add(formatCell(axisCell(key, scenario.assignments().get(key))));
            }
            cells.add(Integer.toString(runs.size()));
            for (String metric : metrics) {
                double[] values = runs.stream().mapToDouble(row -> row.metrics().getOrDefault(metric, Double.NaN))
                        .toArray();
                ConfidenceInterval interval = ConfidenceInterval.of(values);
                cells.add(format(interval.mean()));
                cells.add(format(interval.halfWidth()));
            }
            appendLine(csv, cells);
        }
        return csv.toString();
    }

    /**
     * Returns the table cell of an axis value. A key whose name gives a unit ({@code _s}, {@code _w},
     * {@code _j}, {@code _bytes}, {@code _hz}) takes values such as {@code 400 W} or {@code 20 min},
     * so its cell is the value in that unit as a Double ({@code 400.0}, {@code 1200.0}), whichever
     * unit the sweep file used. Other values, and a value that does not parse, stay text.
     */
    static Object axisCell(String key, String value) {
        ConfigNode.Dimension dimension = ConfigNode.Dimension.ofKey(key.substring(key.lastIndexOf('.') + 1));
        if (value == null || dimension == ConfigNode.Dimension.NONE) {
            return value;
        }
        Double number = dimension.toBaseUnit(value);
        return number == null ? value : number;
    }

    private static List<String> metricColumns(List<Row> rows) {
        Set<String> columns = new LinkedHashSet<>();
        for (Row row : rows) {
            columns.addAll(row.metrics().keySet());
        }
        return new ArrayList<>(columns);
    }

    private static void flatten(String prefix, JsonNode node, Map<String, Double> out) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            JsonNode value = field.getValue();
            if (prefix.isEmpty() && SKIPPED_KEYS.contains(field.getKey())) {
                continue;
            }
            if (value.isObject()) {
                flatten(path, value, out);
            } else if (value.isNumber()) {
                out.put(path, value.asDouble());
            } else if (value.isNull()) {
                out.put(path, Double.NaN);
            }
        }
    }

    /** Formats a cell of {@link #runsCells} as {@code sweep.csv} prints it: null as empty, numbers with {@link #format}. */
    static String formatCell(Object cell) {
        if (cell == null) {
            return "";
        }
        if (cell instanceof Double value) {
            return format(value);
        }
        return cell.toString();
    }

    /** Formats a number: whole numbers without a fraction, others in the shortest round-trip form, NaN as empty. */
    static String format(double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value).toLowerCase(Locale.ROOT);
    }

    private static void appendLine(StringBuilder csv, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(quote(cells.get(i)));
        }
        csv.append('\n');
    }

    private static String quote(String cell) {
        if (cell == null) {
            return "";
        }
        if (cell.contains(",") || cell.contains("\"") || cell.contains("\n")) {
            return "\"" + cell.replace("\"", "\"\"") + "\"";
        }
        return cell;
    }
}
