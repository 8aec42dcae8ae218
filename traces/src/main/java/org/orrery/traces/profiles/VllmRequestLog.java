package org.orrery.traces.profiles;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.orrery.traces.TraceFormatException;

/**
 * Reads the per-request log of a real vLLM benchmark run in LLMServingSim 2.0's format
 * ({@code requests.jsonl}): one flat JSON object per line with {@code request_id},
 * {@code input_toks}, {@code output_toks}, {@code arrival_time} (client clock, epoch seconds) and
 * the engine's {@code queued_ts}, {@code scheduled_ts}, {@code first_token_ts} and
 * {@code last_token_ts} (engine monotonic clock, seconds).
 *
 * <p>Only flat objects of strings and numbers are accepted. The measured latencies follow vLLM's
 * definitions: TTFT runs from {@code queued_ts} to {@code first_token_ts}, end-to-end latency to
 * {@code last_token_ts}, and TPOT is their difference divided by the output tokens after the first.
 */
public final class VllmRequestLog {
  private static final String[] NUMBER_KEYS = {
    "input_toks", "output_toks", "arrival_time", "queued_ts", "first_token_ts", "last_token_ts"
  };

  /**
   * One request of the log.
   *
   * @param id the request id
   * @param promptTokens input tokens
   * @param outputTokens output tokens
   * @param arrivalEpochSeconds arrival on the client clock, in seconds since the epoch
   * @param queuedSeconds arrival at the engine on its monotonic clock
   * @param firstTokenSeconds first output token on the engine clock
   * @param lastTokenSeconds last output token on the engine clock
   */
  public record Entry(String id, int promptTokens, int outputTokens, double arrivalEpochSeconds,
      double queuedSeconds, double firstTokenSeconds, double lastTokenSeconds) {

    /** Returns the measured time to first token in seconds. */
    public double ttftSeconds() {
      return firstTokenSeconds - queuedSeconds;
    }

    /** Returns the measured end-to-end latency in seconds. */
    public double endToEndSeconds() {
      return lastTokenSeconds - queuedSeconds;
    }

    /** Returns the measured time per output token after the first, or NaN for one output token. */
    public double tpotSeconds() {
      return outputTokens < 2 ? Double.NaN : (lastTokenSeconds - firstTokenSeconds) / (outputTokens - 1);
    }
  }

  private VllmRequestLog() {}

  /**
   * Reads every request of {@code file}.
   *
   * @throws TraceFormatException naming the line and the value if a line is malformed
   * @throws IOException if the file cannot be read
   */
  public static List<Entry> read(Path file) throws IOException {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(reader, file.toString());
    }
  }

  /** Reads every request from {@code reader}; {@code sourceName} appears in error messages. */
  public static List<Entry> read(BufferedReader reader, String sourceName) throws IOException {
    List<Entry> entries = new ArrayList<>();
    long lineNumber = 0;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      Map<String, String> fields = parseFlatObject(line, sourceName, lineNumber);
      double[] numbers = new double[NUMBER_KEYS.length];
      for (int i = 0; i < NUMBER_KEYS.length; i++) {
        numbers[i] = number(fields, NUMBER_KEYS[i], line, sourceName, lineNumber);
      }
      if (numbers[0] < 1 || numbers[1] < 1) {
        throw new TraceFormatException(sourceName, lineNumber, line, "token counts below 1 in request",
            "input_toks and output_toks of at least 1", "Fix or delete the line.");
      }
      if (numbers[4] < numbers[3] || numbers[5] < numbers[4]) {
        throw new TraceFormatException(sourceName, lineNumber, line, "timestamps out of order in request",
            "queued_ts <= first_token_ts <= last_token_ts", "Fix or delete the line.");
      }
      entries.add(new Entry(fields.getOrDefault("request_id", "line-" + lineNumber), (int) numbers[0],
          (int) numbers[1], numbers[2], numbers[3], numbers[4], numbers[5]));
    }
    return entries;
  }

  private static double number(Map<String, String> fields, String key, String line, String sourceName,
      long lineNumber) {
    String text = fields.get(key);
    if (text == null) {
      throw new TraceFormatException(sourceName, lineNumber, line, "missing key " + key + " in request",
          "a JSON object with " + String.join(", ", NUMBER_KEYS), "Add the key or delete the line.");
    }
    try {
      double value = Double.parseDouble(text);
      if (Double.isFinite(value)) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Reported below with the line's position.
    }
    throw new TraceFormatException(sourceName, lineNumber, text, "invalid " + key + " value", "a finite number",
        "Fix or delete the line.");
  }

  /** Parses {@code {"key": value, ...}} with string or number values; values keep their text without quotes. */
  private static Map<String, String> parseFlatObject(String line, String sourceName, long lineNumber) {
    String text = line.trim();
    if (!text.startsWith("{") || !text.endsWith("}")) {
      throw new TraceFormatException(sourceName, lineNumber, line, "not a JSON object:", "one {...} object per line",
          "Fix or delete the line.");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (String pair : text.substring(1, text.length() - 1).split(",")) {
      int colon = pair.indexOf(':');
      if (colon < 0) {
        throw new TraceFormatException(sourceName, lineNumber, pair, "invalid key-value pair",
            "\"key\": value with no nested objects or commas inside strings", "Fix or delete the line.");
      }
      fields.put(stripQuotes(pair.substring(0, colon).trim()), stripQuotes(pair.substring(colon + 1).trim()));
    }
    return fields;
  }

  private static String stripQuotes(String text) {
    if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
      return text.substring(1, text.length() - 1);
    }
    return text;
  }
}
