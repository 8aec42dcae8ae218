package org.orrery.traces;

/**
 * A trace file that cannot be read as its format requires: a missing column, an invalid value, rows
 * out of order. The message names the source, the 1-based line number, the offending text, what was
 * expected and how to fix it, so that a command line can print it to the user as it is.
 *
 * <p>Readers throw this instead of skipping a row, so a simulation never runs on a silently
 * shortened trace.
 */
public final class TraceFormatException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Offending text longer than this is cut in the message, so a binary file cannot flood a log. */
  private static final int MAX_QUOTED_CHARS = 200;

  private final String sourceName;
  private final long lineNumber;
  private final String offendingText;

  /**
   * Creates the exception and composes its message as
   * {@code SOURCE, line N: PROBLEM "TEXT". Expected EXPECTED. FIX}.
   *
   * @param sourceName file path or bundled name, as the user wrote it
   * @param lineNumber 1-based line number in the source; the header is line 1
   * @param offendingText the field or line that failed, quoted in the message
   * @param problem what is wrong, for example {@code invalid ContextTokens value}
   * @param expected what a valid value looks like, without a trailing period
   * @param fix one or more sentences telling the user what to change
   */
  public TraceFormatException(
      String sourceName,
      long lineNumber,
      String offendingText,
      String problem,
      String expected,
      String fix) {
    super(
        sourceName
            + ", line "
            + lineNumber
            + ": "
            + problem
            + " \""
            + abbreviate(offendingText)
            + "\". Expected "
            + expected
            + ". "
            + fix);
    this.sourceName = sourceName;
    this.lineNumber = lineNumber;
    this.offendingText = offendingText;
  }

  /** Returns the file path or bundled name of the trace that failed. */
  public String sourceName() {
    return sourceName;
  }

  /** Returns the 1-based line number of the failure, where the header is line 1. */
  public long lineNumber() {
    return lineNumber;
  }

  /** Returns the field or line that failed, uncut. */
  public String offendingText() {
    return offendingText;
  }

  private static String abbreviate(String text) {
    if (text.length() <= MAX_QUOTED_CHARS) {
      return text;
    }
    return text.substring(0, MAX_QUOTED_CHARS) + "...";
  }
}
