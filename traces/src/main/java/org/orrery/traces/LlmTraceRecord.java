package org.orrery.traces;

import java.time.Instant;
import java.util.Objects;

/**
 * One LLM inference request of a trace: when it arrived and how many tokens it read and wrote.
 *
 * @param lineNumber 1-based line of the row in its source (the header is line 1), for error
 *     messages that point back at the trace
 * @param arrival arrival time in UTC
 * @param promptTokens input (context) tokens of the request, at least 0
 * @param outputTokens tokens generated for the request, at least 0
 */
public record LlmTraceRecord(long lineNumber, Instant arrival, int promptTokens, int outputTokens) {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  /** Validates the components. */
  public LlmTraceRecord {
    Objects.requireNonNull(arrival, "arrival");
    if (promptTokens < 0 || outputTokens < 0) {
      throw new IllegalArgumentException(
          "token counts must be >= 0, got promptTokens="
              + promptTokens
              + " outputTokens="
              + outputTokens);
    }
  }

  /**
   * Returns the arrival as nanoseconds since 1970-01-01T00:00:00Z, for arithmetic without
   * {@link Instant} objects.
   *
   * @throws ArithmeticException if the arrival is outside what a {@code long} of nanoseconds holds,
   *     roughly the years 1678 to 2261
   */
  public long arrivalEpochNanos() {
    return Math.addExact(
        Math.multiplyExact(arrival.getEpochSecond(), NANOS_PER_SECOND), arrival.getNano());
  }
}
