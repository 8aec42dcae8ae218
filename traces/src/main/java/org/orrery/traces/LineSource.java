package org.orrery.traces;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;

/**
 * Lines of a text trace with their 1-based numbers. Strips a UTF-8 byte order mark from the first
 * line and accepts LF, CRLF and CR line ends. Blank lines are accepted only at the end of the input,
 * where some exports leave them. A blank line followed by more data raises a
 * {@link TraceFormatException}, because a reader that skipped it would hide a truncated or spliced
 * file.
 */
final class LineSource implements Closeable {

  private static final char BYTE_ORDER_MARK = '\uFEFF';

  private final BufferedReader reader;
  private final String sourceName;
  private long lineNumber;

  LineSource(Reader reader, String sourceName) {
    this.reader =
        reader instanceof BufferedReader ? (BufferedReader) reader : new BufferedReader(reader, 1 << 16);
    this.sourceName = sourceName;
  }

  String sourceName() {
    return sourceName;
  }

  /** Number of the line last returned by {@link #nextLine()}, or 0 before the first call. */
  long lineNumber() {
    return lineNumber;
  }

  /**
   * Reads the next non-blank line without its line end.
   *
   * @return the line, or {@code null} when only blank lines or nothing remain
   * @throws TraceFormatException if a blank line is followed by a non-blank one, or the bytes are
   *     not valid UTF-8
   * @throws UncheckedIOException if reading fails
   */
  String nextLine() {
    long firstBlankLine = 0;
    while (true) {
      String line = readRawLine();
      if (line == null) {
        return null;
      }
      if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == BYTE_ORDER_MARK) {
        line = line.substring(1);
      }
      if (isBlank(line)) {
        if (firstBlankLine == 0) {
          firstBlankLine = lineNumber;
        }
        continue;
      }
      if (firstBlankLine != 0) {
        throw new TraceFormatException(
            sourceName,
            firstBlankLine,
            "",
            "blank line before more data (next data on line " + lineNumber + ")",
            "a data row, because blank lines are accepted only at the end of the file",
            "Delete the blank line, and check that the file was not cut or joined from parts.");
      }
      return line;
    }
  }

  private String readRawLine() {
    try {
      String line = reader.readLine();
      if (line != null) {
        lineNumber++;
      }
      return line;
    } catch (CharacterCodingException e) {
      throw new TraceFormatException(
          sourceName,
          lineNumber + 1,
          "",
          "bytes that are not valid UTF-8 on or near this line",
          "a UTF-8 text file",
          "Convert the file to UTF-8, for example with iconv -t UTF-8.");
    } catch (IOException e) {
      throw new UncheckedIOException("failed to read " + sourceName + " after line " + lineNumber, e);
    }
  }

  private static boolean isBlank(String line) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c != ' ' && c != '\t') {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
