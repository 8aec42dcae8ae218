package org.orrery.traces;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * Streaming reader of the Azure LLM inference trace format, one {@link LlmTraceRecord} per row.
 * Memory use does not grow with the length of the trace: rows are read one line at a time.
 *
 * <h2>Format</h2>
 *
 * A CSV file with the header {@code TIMESTAMP,ContextTokens,GeneratedTokens}, as published in the
 * Azure Public Dataset (the 2023 traces of the Splitwise paper and the week-long 2024 traces of the
 * DynamoLLM paper). Columns are matched by name, ignoring case, so reordered headers work and extra
 * columns are ignored. Fields are never quoted. {@code ContextTokens} becomes
 * {@link LlmTraceRecord#promptTokens()}, {@code GeneratedTokens} becomes
 * {@link LlmTraceRecord#outputTokens()}. Both must be whole numbers from 0 to 2,147,483,647.
 *
 * <h2>Time zone</h2>
 *
 * The 2023 traces write {@code 2023-11-16 18:17:03.9799600}: seven fractional digits and no zone.
 * The dataset does not state a zone for them, so this reader takes a timestamp without a zone as
 * UTC. The 2024 traces carry an explicit offset ({@code 2024-05-12 00:00:00.001163+00:00}) and a
 * varying number of fractional digits within one file: {@code 2024-05-12 00:00:00+00:00} has
 * none. Any offset is accepted and converted to UTC, and up to 9 fractional digits are kept exactly.
 *
 * <h2>Validation</h2>
 *
 * Rows must be sorted by arrival: equal arrivals are accepted, an arrival earlier than the row
 * before is an error. A missing column, a row with too few or too many fields, a token count that
 * is empty, not a whole number, negative or too large, and a timestamp that does not parse all
 * raise a {@link TraceFormatException} naming the source, line, offending text and fix. No row is
 * skipped. A UTF-8 byte order mark, CRLF line ends and blank lines at the end of the file are
 * accepted. A blank line followed by more rows is an error.
 *
 * <h2>Use</h2>
 *
 * <pre>{@code
 * try (AzureLlmTraceReader reader = AzureLlmTraceReader.open(path)) {
 *   while (reader.hasNext()) {
 *     LlmTraceRecord request = reader.next();
 *     ...
 *   }
 * }
 * }</pre>
 *
 * {@link #hasNext()} reads and validates the next row, so it may throw a
 * {@link TraceFormatException}, or an {@link UncheckedIOException} if reading fails. Not
 * thread-safe.
 */
public final class AzureLlmTraceReader implements LlmTraceStream {

  /** Header name of the arrival time column. */
  public static final String TIMESTAMP_COLUMN = "TIMESTAMP";

  /** Header name of the prompt token column. */
  public static final String CONTEXT_TOKENS_COLUMN = "ContextTokens";

  /** Header name of the output token column. */
  public static final String GENERATED_TOKENS_COLUMN = "GeneratedTokens";

  private static final String EXPECTED_HEADER =
      TIMESTAMP_COLUMN + "," + CONTEXT_TOKENS_COLUMN + "," + GENERATED_TOKENS_COLUMN;
  private static final String HEADER_DESCRIPTION =
      "a header with the columns "
          + TIMESTAMP_COLUMN
          + ", "
          + CONTEXT_TOKENS_COLUMN
          + " and "
          + GENERATED_TOKENS_COLUMN
          + " in any order, such as "
          + EXPECTED_HEADER;
  private static final String TIMESTAMP_EXAMPLES =
      "a timestamp like 2023-11-16 18:17:03.9799600 (taken as UTC) or"
          + " 2024-05-12 00:00:00.001163+00:00";

  private final LineSource lines;
  private final String sourceName;
  private final CsvHeader header;
  private final int timestampIndex;
  private final int contextTokensIndex;
  private final int generatedTokensIndex;
  private final int[] fieldEnds;
  private final TimestampParser timestamps = new TimestampParser();

  private long previousEpochSecond = Long.MIN_VALUE;
  private int previousNano;
  private long previousLineNumber;
  private LlmTraceRecord pending;
  private boolean exhausted;

  /**
   * Creates a reader over {@code reader} and reads the header. Closing this reader closes
   * {@code reader}.
   *
   * @param sourceName the file name or bundled name used in error messages
   * @throws TraceFormatException if the input is empty or the header lacks a required column
   */
  public AzureLlmTraceReader(Reader reader, String sourceName) {
    this.lines = new LineSource(reader, sourceName);
    this.sourceName = sourceName;
    this.header = CsvHeader.read(lines, EXPECTED_HEADER);
    this.timestampIndex = header.require(TIMESTAMP_COLUMN, HEADER_DESCRIPTION);
    this.contextTokensIndex = header.require(CONTEXT_TOKENS_COLUMN, HEADER_DESCRIPTION);
    this.generatedTokensIndex = header.require(GENERATED_TOKENS_COLUMN, HEADER_DESCRIPTION);
    this.fieldEnds = new int[header.fieldCount()];
  }

  /**
   * Opens the trace in {@code source} and reads its header.
   *
   * @throws IOException if the source cannot be opened
   * @throws TraceFormatException if the header is empty or lacks a required column
   */
  public static AzureLlmTraceReader open(TraceSource source) throws IOException {
    Reader reader = source.openReader();
    try {
      return new AzureLlmTraceReader(reader, source.name());
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  /** Opens the trace file at {@code path} like {@link #open(TraceSource)}. */
  public static AzureLlmTraceReader open(Path path) throws IOException {
    return open(TraceSource.ofPath(path));
  }

  /**
   * Reads every row of {@code source} in order, passes it to {@code action} and closes the source.
   *
   * @return the number of records passed to {@code action}
   * @throws IOException if the source cannot be opened or closed
   * @throws TraceFormatException at the first invalid row, after passing on the rows before it
   */
  public static long forEach(TraceSource source, Consumer<? super LlmTraceRecord> action)
      throws IOException {
    long count = 0;
    try (AzureLlmTraceReader reader = open(source)) {
      while (reader.hasNext()) {
        action.accept(reader.next());
        count++;
      }
    }
    return count;
  }

  /** File name or bundled name of the trace, as used in error messages. */
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
  public LlmTraceRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more rows in " + sourceName);
    }
    LlmTraceRecord record = pending;
    pending = null;
    return record;
  }

  private LlmTraceRecord readRecord() {
    String row = lines.nextLine();
    if (row == null) {
      return null;
    }
    long lineNumber = lines.lineNumber();
    header.split(row, lineNumber, fieldEnds);

    int promptTokens = parseTokenCount(row, contextTokensIndex, CONTEXT_TOKENS_COLUMN, lineNumber);
    int outputTokens =
        parseTokenCount(row, generatedTokensIndex, GENERATED_TOKENS_COLUMN, lineNumber);

    int start = CsvHeader.fieldStart(fieldEnds, timestampIndex);
    int end = fieldEnds[timestampIndex];
    if (!timestamps.parse(row, start, end)) {
      throw new TraceFormatException(
          sourceName,
          lineNumber,
          row.substring(start, end),
          "invalid " + TIMESTAMP_COLUMN + " (" + timestamps.error() + ")",
          TIMESTAMP_EXAMPLES,
          "Correct the timestamp or remove the row.");
    }
    long epochSecond = timestamps.epochSecond();
    int nano = timestamps.nano();
    if (epochSecond < previousEpochSecond
        || (epochSecond == previousEpochSecond && nano < previousNano)) {
      throw new TraceFormatException(
          sourceName,
          lineNumber,
          row.substring(start, end),
          TIMESTAMP_COLUMN
              + " earlier than "
              + Instant.ofEpochSecond(previousEpochSecond, previousNano)
              + " on line "
              + previousLineNumber,
          "rows sorted by arrival time, earliest first",
          "Sort the rows by " + TIMESTAMP_COLUMN + " and keep the header as the first line.");
    }
    previousEpochSecond = epochSecond;
    previousNano = nano;
    previousLineNumber = lineNumber;

    return new LlmTraceRecord(
        lineNumber, Instant.ofEpochSecond(epochSecond, nano), promptTokens, outputTokens);
  }

  private int parseTokenCount(String row, int index, String column, long lineNumber) {
    int start = CsvHeader.fieldStart(fieldEnds, index);
    int end = fieldEnds[index];
    if (start == end) {
      throw tokenError(row, lineNumber, "", "missing " + column + " value", "Fill in the value or remove the row.");
    }
    if (row.charAt(start) == '-' && end - start > 1 && allDigits(row, start + 1, end)) {
      throw tokenError(
          row,
          lineNumber,
          row.substring(start, end),
          "negative " + column + " value",
          "Correct the count or remove the row. A request cannot have fewer than 0 tokens.");
    }
    long value = 0;
    for (int i = start; i < end; i++) {
      char c = row.charAt(i);
      if (c < '0' || c > '9') {
        throw tokenError(
            row,
            lineNumber,
            row.substring(start, end),
            "invalid " + column + " value",
            "Correct the count or remove the row.");
      }
      value = value * 10 + (c - '0');
      if (value > Integer.MAX_VALUE) {
        throw tokenError(
            row,
            lineNumber,
            row.substring(start, end),
            column + " value too large",
            "Correct the count or remove the row. Counts above 2147483647 are not supported.");
      }
    }
    return (int) value;
  }

  private TraceFormatException tokenError(
      String row, long lineNumber, String field, String problem, String fix) {
    return new TraceFormatException(
        sourceName,
        lineNumber,
        field,
        problem + " in row \"" + row + "\":",
        "a whole number of tokens from 0 to 2147483647, such as 374",
        fix);
  }

  private static boolean allDigits(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
