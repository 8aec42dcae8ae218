package org.orrery.experiments.plot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A result CSV read into memory: a header and rows of text cells. Reads the quoting of RFC 4180
 * (double quotes around cells with commas, doubled quotes inside). Empty cells read as NaN.
 */
public final class CsvTable {
    private final Path file;
    private final List<String> header;
    private final List<List<String>> rows;

    private CsvTable(Path file, List<String> header, List<List<String>> rows) {
        this.file = file;
        this.header = header;
        this.rows = rows;
    }

    /** Reads {@code file}; its first line is the header. */
    public static CsvTable read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IOException(file + " is empty: expected a header line");
        }
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isEmpty()) {
                rows.add(split(line));
            }
        }
        return new CsvTable(file, split(lines.get(0)), rows);
    }

    public List<String> header() {
        return header;
    }

    public int size() {
        return rows.size();
    }

    /** Returns whether the table has {@code column}. */
    public boolean has(String column) {
        return header.contains(column);
    }

    /** Returns the text cells of {@code column}. */
    public List<String> text(String column) {
        int index = index(column);
        return rows.stream().map(row -> index < row.size() ? row.get(index) : "").toList();
    }

    /** Returns the cells of {@code column} as numbers; empty and non-numeric cells are NaN. */
    public double[] numbers(String column) {
        return text(column).stream().mapToDouble(CsvTable::parse).toArray();
    }

    /** Returns whether every non-empty cell of {@code column} is a number. */
    public boolean isNumeric(String column) {
        return text(column).stream().filter(cell -> !cell.isEmpty()).allMatch(cell -> !Double.isNaN(parse(cell)));
    }

    private int index(String column) {
        int index = header.indexOf(column);
        if (index < 0) {
            throw new IllegalArgumentException(file + " has no column '" + column + "'");
        }
        return index;
    }

    private static double parse(String cell) {
        if (cell.isEmpty()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
