package org.orrery.traces;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Streaming reader of grid carbon intensity series, one {@link CarbonIntensityRecord} per row. The
 * format is detected from the header.
 *
 * <h2>Electricity Maps hourly export</h2>
 *
 * Header {@code Datetime (UTC),Country,Zone Name,Zone Id,Carbon Intensity gCO₂eq/kWh (direct),Carbon
 * Intensity gCO₂eq/kWh (LCA),...}, one row per hour. {@code Datetime (UTC)} is
 * {@code YYYY-MM-DD HH:MM:SS} in UTC and marks the start of the hour. The constructor's
 * {@link CarbonIntensityColumn} picks the direct or the life-cycle (LCA) column. Quirks handled:
 * the header contains the non-ASCII subscript {@code ₂} (the input is decoded as UTF-8), lines end
 * in CRLF, and the {@code Data Source} column contains semicolon lists with irregular spacing, which
 * this reader ignores. A carbon column is found by its start {@code Carbon Intensity} and its end
 * {@code (direct)} or {@code (LCA)}, so a header whose {@code ₂} was garbled by a wrong-charset
 * round trip still matches.
 *
 * <h2>Two-column form</h2>
 *
 * Header {@code timestamp_utc,grams_per_kwh}, for series that users supply themselves, for example
 * {@code 2023-01-01T00:00:00Z,238.69}. Timestamps are ISO-8601 with a {@code T} or a space. One
 * without a zone is taken as UTC, and one with an offset is converted to UTC. The interval length
 * is up to the user, and each value applies until the next row starts. The file has one value column, so
 * the {@link CarbonIntensityColumn} argument has no effect on it.
 *
 * <h2>Validation</h2>
 *
 * Timestamps must increase strictly from row to row, so a duplicate hour is an error. An intensity
 * must be a finite decimal number of at least 0. An empty, negative or non-numeric value
 * (including {@code NaN}) raises a {@link TraceFormatException} naming the source, line, offending
 * text and fix, as do a missing column and a row with the wrong number of fields. No row is
 * skipped, and blank lines are accepted only at the end of the file. Gaps between hours are
 * accepted: whether a gap matters is for the caller to decide.
 *
 * <p>{@link #hasNext()} reads and validates the next row, so it may throw a
 * {@link TraceFormatException}, or an {@link UncheckedIOException} if reading fails. Not
 * thread-safe.
 */
public final class CarbonIntensityReader implements Iterator<CarbonIntensityRecord>, Closeable {

  /** Layout of a carbon intensity file, detected from its header. */
  public enum Format {
    /** Electricity Maps hourly export with {@code Datetime (UTC)} and two intensity columns. */
    ELECTRICITY_MAPS,
    /** Two columns {@code timestamp_utc,grams_per_kwh}. */
    TWO_COLUMN
  }

  /** Timestamp column of the Electricity Maps export. */
  public static final String ELECTRICITY_MAPS_TIME_COLUMN = "Datetime (UTC)";

  /** Timestamp column of the two-column form. */
  public static final String TWO_COLUMN_TIME_COLUMN = "timestamp_utc";

  /** Intensity column of the two-column form. */
  public static final String TWO_COLUMN_VALUE_COLUMN = "grams_per_kwh";

  private static final String INTENSITY_PREFIX = "Carbon Intensity";
  private static final String TWO_COLUMN_HEADER =
      TWO_COLUMN_TIME_COLUMN + "," + TWO_COLUMN_VALUE_COLUMN;
  private static final String HEADER_DESCRIPTION =
      "either an Electricity Maps header with the columns "
          + ELECTRICITY_MAPS_TIME_COLUMN
          + " and Carbon Intensity gCO₂eq/kWh (direct) or (LCA), or the two-column header "
          + TWO_COLUMN_HEADER;

  private final LineSource lines;
  private final String sourceName;
  private final CsvHeader header;
  private final Format format;
  private final String timeColumnName;
  private final String valueColumnName;
  private final int timeIndex;
  private final int valueIndex;
  private final int[] fieldEnds;
  private final TimestampParser timestamps = new TimestampParser();

  private Instant previousStart;
  private long previousLineNumber;
  private CarbonIntensityRecord pending;
  private boolean exhausted;

  /**
   * Creates a reader over {@code reader}, reads the header and detects the format. Closing this
   * reader closes {@code reader}.
   *
   * @param sourceName the file name or bundled name used in error messages
   * @param column the intensity column to read from an Electricity Maps export, ignored for
   *     the two-column form
   * @throws TraceFormatException if the input is empty or the header matches neither format
   */
  public CarbonIntensityReader(Reader reader, String sourceName, CarbonIntensityColumn column) {
    this.lines = new LineSource(reader, sourceName);
    this.sourceName = sourceName;
    this.header = CsvHeader.read(lines, TWO_COLUMN_HEADER);
    if (header.indexOf(ELECTRICITY_MAPS_TIME_COLUMN) >= 0) {
      this.format = Format.ELECTRICITY_MAPS;
      this.timeColumnName = ELECTRICITY_MAPS_TIME_COLUMN;
      this.valueColumnName = "Carbon Intensity gCO₂eq/kWh " + column.headerSuffix();
      this.timeIndex = header.require(ELECTRICITY_MAPS_TIME_COLUMN, HEADER_DESCRIPTION);
      this.valueIndex = requireIntensityColumn(column);
    } else if (header.indexOf(TWO_COLUMN_TIME_COLUMN) >= 0) {
      this.format = Format.TWO_COLUMN;
      this.timeColumnName = TWO_COLUMN_TIME_COLUMN;
      this.valueColumnName = TWO_COLUMN_VALUE_COLUMN;
      this.timeIndex = header.require(TWO_COLUMN_TIME_COLUMN, HEADER_DESCRIPTION);
      this.valueIndex = header.require(TWO_COLUMN_VALUE_COLUMN, HEADER_DESCRIPTION);
    } else {
      throw new TraceFormatException(
          sourceName,
          1,
          header.line(),
          "missing column "
              + ELECTRICITY_MAPS_TIME_COLUMN
              + " or "
              + TWO_COLUMN_TIME_COLUMN
              + " in the header",
          HEADER_DESCRIPTION,
          "Check that the file is a carbon intensity series and that its first line is the"
              + " header.");
    }
    this.fieldEnds = new int[header.fieldCount()];
  }

  /**
   * Opens the series in {@code source} and reads its header.
   *
   * @throws IOException if the source cannot be opened
   * @throws TraceFormatException if the header matches neither format
   */
  public static CarbonIntensityReader open(TraceSource source, CarbonIntensityColumn column)
      throws IOException {
    Reader reader = source.openReader();
    try {
      return new CarbonIntensityReader(reader, source.name(), column);
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  /** Opens the series file at {@code path} like {@link #open(TraceSource, CarbonIntensityColumn)}. */
  public static CarbonIntensityReader open(Path path, CarbonIntensityColumn column)
      throws IOException {
    return open(TraceSource.ofPath(path), column);
  }

  /**
   * Reads the whole series in {@code source} into memory, which suits carbon series because they
   * are small: an hourly series of a leap year has 366 * 24 = 8,784 rows.
   *
   * @throws IOException if the source cannot be opened or closed
   * @throws TraceFormatException at the first invalid row
   */
  public static List<CarbonIntensityRecord> readAll(TraceSource source, CarbonIntensityColumn column)
      throws IOException {
    List<CarbonIntensityRecord> records = new ArrayList<>();
    try (CarbonIntensityReader reader = open(source, column)) {
      reader.forEachRemaining(records::add);
    }
    return records;
  }

  /** Format detected from the header. */
  public Format format() {
    return format;
  }

  /** File name or bundled name of the series, as used in error messages. */
  public String sourceName() {
    return sourceName;
  }

  @Override
  public boolean hasNext() {
    if (pending == null && !exhausted) {
      pending = readRecord();
      exhausted = pending == null;
    }
    return pending != null;
  }

  @Override
  public CarbonIntensityRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more rows in " + sourceName);
    }
    CarbonIntensityRecord record = pending;
    pending = null;
    return record;
  }

  private int requireIntensityColumn(CarbonIntensityColumn column) {
    int index =
        header.indexOfAffixes(INTENSITY_PREFIX, column.headerSuffix(), valueColumnName);
    if (index < 0) {
      throw new TraceFormatException(
          sourceName,
          1,
          header.line(),
          "missing column " + valueColumnName + " in the header",
          HEADER_DESCRIPTION,
          "Export the series with this column, or choose the other CarbonIntensityColumn.");
    }
    return index;
  }

  private CarbonIntensityRecord readRecord() {
    String row = lines.nextLine();
    if (row == null) {
      return null;
    }
    long lineNumber = lines.lineNumber();
    header.split(row, lineNumber, fieldEnds);

    Instant start = parseStart(row, lineNumber);
    double gramsPerKwh = parseIntensity(row, lineNumber);
    previousStart = start;
    previousLineNumber = lineNumber;
    return new CarbonIntensityRecord(start, gramsPerKwh);
  }

  private Instant parseStart(String row, long lineNumber) {
    int from = CsvHeader.fieldStart(fieldEnds, timeIndex);
    int to = fieldEnds[timeIndex];
    String text = row.substring(from, to);
    if (!timestamps.parse(row, from, to)) {
      throw new TraceFormatException(
          sourceName,
          lineNumber,
          text,
          "invalid " + timeColumnName + " (" + timestamps.error() + ")",
          "a UTC timestamp like 2023-01-01 00:00:00 or 2023-01-01T00:00:00Z",
          "Correct the timestamp or remove the row.");
    }
    Instant start = Instant.ofEpochSecond(timestamps.epochSecond(), timestamps.nano());
    if (previousStart != null && !start.isAfter(previousStart)) {
      String relation = start.equals(previousStart) ? "the same time as" : "earlier than";
      throw new TraceFormatException(
          sourceName,
          lineNumber,
          text,
          timeColumnName + " " + relation + " " + previousStart + " on line " + previousLineNumber,
          "timestamps that increase strictly from row to row",
          "Sort the rows by time and remove duplicate rows, keeping the header as the first line.");
    }
    return start;
  }

  private double parseIntensity(String row, long lineNumber) {
    int from = CsvHeader.fieldStart(fieldEnds, valueIndex);
    int to = fieldEnds[valueIndex];
    String text = row.substring(from, to);
    String expected = "a decimal number of grams CO2e per kWh, at least 0, such as 238.69";
    if (text.isEmpty()) {
      throw new TraceFormatException(
          sourceName,
          lineNumber,
          row,
          "missing " + valueColumnName + " value in row",
          expected,
          "Fill in the value or remove the row.");
    }
    boolean negative = text.charAt(0) == '-';
    if (!isDecimal(text, negative ? 1 : 0)) {
      throw new TraceFormatException(
          sourceName,
          lineNumber,
          text,
          "invalid " + valueColumnName + " value",
          expected,
          "Correct the value or remove the row.");
    }
    double value = Double.parseDouble(text);
    if (Double.isInfinite(value)) {
      throw new TraceFormatException(
          sourceName,
          lineNumber,
          text,
          valueColumnName + " value too large for a double",
          expected,
          "Correct the value or remove the row.");
    }
    if (negative && value != 0) {
      throw new TraceFormatException(
          sourceName,
          lineNumber,
          text,
          "negative " + valueColumnName + " value",
          expected,
          "Correct the value or remove the row. Average grid intensity cannot be below 0.");
    }
    return Math.abs(value);
  }

  /**
   * Returns whether {@code text} from {@code from} on is digits with at most one decimal point and
   * an optional exponent such as {@code e-3}. This excludes what {@link Double#parseDouble} would
   * also accept but a data file should not contain: {@code NaN}, {@code Infinity}, hexadecimal
   * floats, type suffixes and surrounding spaces.
   */
  private static boolean isDecimal(String text, int from) {
    int i = from;
    int digits = 0;
    while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
      i++;
      digits++;
    }
    if (i < text.length() && text.charAt(i) == '.') {
      i++;
      while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (i < text.length() && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
      i++;
      if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
        i++;
      }
      int exponentDigits = 0;
      while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
        i++;
        exponentDigits++;
      }
      if (exponentDigits == 0) {
        return false;
      }
    }
    return i == text.length();
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
