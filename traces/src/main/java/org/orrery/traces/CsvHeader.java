package org.orrery.traces;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The header line of a comma-separated trace and the splitting of its rows into fields. Columns are
 * found by name, ignoring case and surrounding spaces, so that reordered and extra columns work.
 * Fields are split on every comma, because the formats read here never quote fields.
 */
final class CsvHeader {

  private final String sourceName;
  private final String line;
  private final List<String> names;

  private CsvHeader(String sourceName, String line, List<String> names) {
    this.sourceName = sourceName;
    this.line = line;
    this.names = names;
  }

  /**
   * Reads the first non-blank line of {@code lines} as the header.
   *
   * @param expectedHeader the header a valid file starts with, quoted in the error for empty input
   * @throws TraceFormatException if the input contains no line
   */
  static CsvHeader read(LineSource lines, String expectedHeader) {
    String line = lines.nextLine();
    if (line == null) {
      throw new TraceFormatException(
          lines.sourceName(),
          1,
          "",
          "empty file, no header",
          "a header line such as " + expectedHeader,
          "Check that the path points at the trace and that the file was fully written.");
    }
    List<String> names = new ArrayList<>();
    int start = 0;
    while (true) {
      int comma = line.indexOf(',', start);
      int end = comma < 0 ? line.length() : comma;
      names.add(line.substring(start, end).trim());
      if (comma < 0) {
        break;
      }
      start = comma + 1;
    }
    return new CsvHeader(lines.sourceName(), line, List.copyOf(names));
  }

  String line() {
    return line;
  }

  int fieldCount() {
    return names.size();
  }

  /** Returns the index of the column named {@code name} (ignoring case), or -1 if there is none. */
  int indexOf(String name) {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Returns the index of the only column whose trimmed, lower-cased name starts with {@code prefix}
   * and ends with {@code suffix}, or -1 if there is none.
   *
   * @throws TraceFormatException if more than one column matches
   */
  int indexOfAffixes(String prefix, String suffix, String description) {
    String lowerPrefix = prefix.toLowerCase(Locale.ROOT);
    String lowerSuffix = suffix.toLowerCase(Locale.ROOT);
    int found = -1;
    for (int i = 0; i < names.size(); i++) {
      String lower = names.get(i).toLowerCase(Locale.ROOT);
      if (lower.startsWith(lowerPrefix) && lower.endsWith(lowerSuffix)) {
        if (found >= 0) {
          throw duplicateColumn(description);
        }
        found = i;
      }
    }
    return found;
  }

  /**
   * Returns the index of the column named {@code name}.
   *
   * @param expected the description of a valid header, used in the error message
   * @throws TraceFormatException if no column or more than one column has that name
   */
  int require(String name, String expected) {
    int index = indexOf(name);
    if (index < 0) {
      throw new TraceFormatException(
          sourceName,
          1,
          line,
          "missing column " + name + " in the header",
          expected,
          "Check that the file has this format and that its first line is the header, then add"
              + " or rename the column.");
    }
    for (int i = index + 1; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(name)) {
        throw duplicateColumn(name);
      }
    }
    return index;
  }

  private TraceFormatException duplicateColumn(String description) {
    return new TraceFormatException(
        sourceName,
        1,
        line,
        "more than one column matches " + description + " in the header",
        "each column name once",
        "Rename or remove the duplicate column.");
  }

  /**
   * Splits {@code row} at its commas and stores the end index (exclusive) of field {@code i} in
   * {@code fieldEnds[i]}. Field {@code i > 0} starts at {@code fieldEnds[i - 1] + 1}.
   *
   * @param fieldEnds an array of length {@link #fieldCount()}, reused across rows
   * @throws TraceFormatException if the row has more or fewer fields than the header
   */
  void split(String row, long lineNumber, int[] fieldEnds) {
    int fieldCount = fieldEnds.length;
    int start = 0;
    for (int i = 0; i < fieldCount - 1; i++) {
      int comma = row.indexOf(',', start);
      if (comma < 0) {
        throw fieldCountMismatch(row, lineNumber, "Add the missing values or remove the row.");
      }
      fieldEnds[i] = comma;
      start = comma + 1;
    }
    if (row.indexOf(',', start) >= 0) {
      throw fieldCountMismatch(
          row, lineNumber, "Remove the extra values, or add a column for them to the header.");
    }
    fieldEnds[fieldCount - 1] = row.length();
  }

  static int fieldStart(int[] fieldEnds, int index) {
    return index == 0 ? 0 : fieldEnds[index - 1] + 1;
  }

  private TraceFormatException fieldCountMismatch(String row, long lineNumber, String fix) {
    int fields = 1;
    for (int i = 0; i < row.length(); i++) {
      if (row.charAt(i) == ',') {
        fields++;
      }
    }
    return new TraceFormatException(
        sourceName,
        lineNumber,
        row,
        "row has " + fields + (fields == 1 ? " field" : " fields") + " but the header has " + names.size(),
        names.size() + " comma-separated fields matching the header " + line,
        fix);
  }
}
