package org.orrery.traces.profiles;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.orrery.traces.TraceFormatException;

/**
 * Reads a layer-wise profile in the format of LLMServingSim 2.0's vLLM profiler: a folder with
 * {@code meta.yaml}, {@code dense.csv} ({@code layer,tokens,time_us}), {@code attention.csv}
 * ({@code prefill_chunk,kv_prefill,n_decode,kv_decode,time_us}) and {@code per_sequence.csv}
 * ({@code layer,sequences,time_us}). A mixture-of-experts profile adds {@code moe.csv}
 * ({@code tokens,activated_experts,time_us}); a folder without it is a dense model's profile.
 * Times are converted from microseconds to seconds.
 *
 * <p>Only the top-level {@code key: value} lines of {@code meta.yaml} are read; nested sections
 * are skipped. Every malformed row fails with a {@link TraceFormatException} naming the file, the
 * line and the value.
 */
public final class LayerwiseProfileReader {
  /** Prefix of bundled profile names. */
  public static final String BUNDLED_PREFIX = "bundled:";

  /** Names of the bundled profiles, each a folder under {@code org/orrery/traces/profiles/}. */
  public static final Set<String> BUNDLED =
      Set.of(
          "llmservingsim-RTXPRO6000-Llama-3.1-8B-tp1",
          "llmservingsim-RTX4090-Llama-3.1-8B-tp1",
          "llmservingsim-RTXPRO6000-Qwen3-30B-A3B-tp1");

  private static final String RESOURCE_ROOT = "org/orrery/traces/profiles/";
  private static final double MICROSECONDS = 1e-6;

  private static final String MOE_FILE = "moe.csv";
  private static final String MOE_HEADER = "tokens,activated_experts,time_us";

  /** Opens one file of a profile, or returns null for an optional file that is absent. */
  @FunctionalInterface
  private interface FileOpener {
    InputStream open(String file) throws IOException;
  }

  private LayerwiseProfileReader() {}

  /**
   * Reads a profile from a folder, or a bundled one when {@code reference} starts with {@code bundled:}.
   *
   * @throws TraceFormatException if a file is malformed or the bundled name is unknown
   * @throws IOException if a file is missing or cannot be read
   */
  public static LayerwiseProfile read(String reference, Path baseDirectory) throws IOException {
    if (reference.startsWith(BUNDLED_PREFIX)) {
      String name = reference.substring(BUNDLED_PREFIX.length());
      if (!BUNDLED.contains(name)) {
        throw new TraceFormatException(reference, 0, name, "unknown bundled profile",
            "one of " + String.join(", ", BUNDLED) + ", or a bundled layer table: "
                + String.join(", ", LayerTableReader.BUNDLED.keySet()),
            "Use a bundled name or the path of a profile folder.");
      }
      return read(reference, file -> {
        InputStream stream = LayerwiseProfileReader.class.getClassLoader()
            .getResourceAsStream(RESOURCE_ROOT + name + "/" + file);
        if (stream == null && file.equals(MOE_FILE)) {
          return null;
        }
        if (stream == null) {
          throw new FileNotFoundException("bundled profile file " + name + "/" + file
              + " is missing from the class path; rebuild the traces jar");
        }
        return stream;
      });
    }
    Path folder = baseDirectory == null ? Path.of(reference) : baseDirectory.resolve(reference);
    return read(folder.toString(), file -> {
      try {
        return Files.newInputStream(folder.resolve(file));
      } catch (NoSuchFileException e) {
        if (file.equals(MOE_FILE)) {
          return null;
        }
        throw new FileNotFoundException("profile file " + folder.resolve(file) + " not found: a profile folder "
            + "needs meta.yaml, dense.csv, attention.csv and per_sequence.csv");
      }
    });
  }

  private static LayerwiseProfile read(String sourceName, FileOpener opener) throws IOException {
    Map<String, String> metadata = readMetadata(opener, sourceName);
    List<LayerwiseProfile.LayerTime> dense = readLayerTimes(opener, sourceName, "dense.csv", "layer,tokens,time_us");
    List<LayerwiseProfile.AttentionTime> attention = readAttention(opener, sourceName);
    List<LayerwiseProfile.LayerTime> perSequence =
        readLayerTimes(opener, sourceName, "per_sequence.csv", "layer,sequences,time_us");
    List<LayerwiseProfile.MoeTime> moe = readMoe(opener, sourceName);
    return new LayerwiseProfile(sourceName, metadata, dense, attention, perSequence, moe);
  }

  /** Reads {@code moe.csv}, or returns an empty list when the profile has none. */
  private static List<LayerwiseProfile.MoeTime> readMoe(FileOpener opener, String sourceName) throws IOException {
    InputStream stream = opener.open(MOE_FILE);
    if (stream == null) {
      return List.of();
    }
    String name = sourceName + "/" + MOE_FILE;
    String[] columns = MOE_HEADER.split(",");
    List<LayerwiseProfile.MoeTime> rows = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
      checkHeader(reader.readLine(), MOE_HEADER, name);
      long lineNumber = 1;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        String[] cells = cells(line, 3, MOE_HEADER, name, lineNumber);
        int tokens = positiveInteger(cells[0], columns[0], name, lineNumber);
        int experts = positiveInteger(cells[1], columns[1], name, lineNumber);
        double seconds = time(cells[2], name, lineNumber) * MICROSECONDS;
        rows.add(new LayerwiseProfile.MoeTime(tokens, experts, seconds));
      }
    }
    if (rows.isEmpty()) {
      throw new TraceFormatException(name, 1, "", "no rows", "at least one row matching " + MOE_HEADER,
          "Re-export the profile, or delete moe.csv for a dense model.");
    }
    return rows;
  }

  private static Map<String, String> readMetadata(FileOpener opener, String sourceName) throws IOException {
    Map<String, String> metadata = new LinkedHashMap<>();
    try (BufferedReader reader = open(opener, "meta.yaml")) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isEmpty() || Character.isWhitespace(line.charAt(0)) || line.startsWith("#")) {
          continue;
        }
        int colon = line.indexOf(':');
        String value = colon < 0 ? "" : line.substring(colon + 1).trim();
        if (colon > 0 && !value.isEmpty()) {
          metadata.put(line.substring(0, colon).trim(), unquote(value));
        }
      }
    }
    return metadata;
  }

  private static List<LayerwiseProfile.LayerTime> readLayerTimes(
      FileOpener opener, String sourceName, String file, String header) throws IOException {
    List<LayerwiseProfile.LayerTime> rows = new ArrayList<>();
    String name = sourceName + "/" + file;
    try (BufferedReader reader = open(opener, file)) {
      checkHeader(reader.readLine(), header, name);
      long lineNumber = 1;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        String[] cells = cells(line, 3, header, name, lineNumber);
        int count = positiveInteger(cells[1], header.split(",")[1], name, lineNumber);
        double seconds = time(cells[2], name, lineNumber) * MICROSECONDS;
        rows.add(new LayerwiseProfile.LayerTime(cells[0].trim(), count, seconds));
      }
    }
    return rows;
  }

  private static List<LayerwiseProfile.AttentionTime> readAttention(FileOpener opener, String sourceName)
      throws IOException {
    String header = "prefill_chunk,kv_prefill,n_decode,kv_decode,time_us";
    String name = sourceName + "/attention.csv";
    List<LayerwiseProfile.AttentionTime> rows = new ArrayList<>();
    try (BufferedReader reader = open(opener, "attention.csv")) {
      checkHeader(reader.readLine(), header, name);
      long lineNumber = 1;
      String[] columns = header.split(",");
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        String[] cells = cells(line, 5, header, name, lineNumber);
        int[] counts = new int[4];
        for (int i = 0; i < 4; i++) {
          counts[i] = nonNegativeInteger(cells[i], columns[i], name, lineNumber);
        }
        double seconds = time(cells[4], name, lineNumber) * MICROSECONDS;
        rows.add(new LayerwiseProfile.AttentionTime(counts[0], counts[1], counts[2], counts[3], seconds));
      }
    }
    return rows;
  }

  private static BufferedReader open(FileOpener opener, String file) throws IOException {
    return new BufferedReader(new InputStreamReader(opener.open(file), StandardCharsets.UTF_8));
  }

  private static void checkHeader(String line, String header, String name) {
    if (line == null || !line.trim().equals(header)) {
      throw new TraceFormatException(name, 1, line == null ? "" : line, "invalid header", header,
          "Check that the file comes from the layer-wise profiler and was not edited.");
    }
  }

  private static String[] cells(String line, int count, String header, String name, long lineNumber) {
    String[] cells = line.split(",", -1);
    if (cells.length != count) {
      throw new TraceFormatException(name, lineNumber, line, "expected " + count + " fields, found " + cells.length
          + " in row", "a row matching " + header, "Fix or delete the row.");
    }
    return cells;
  }

  private static int positiveInteger(String text, String column, String name, long lineNumber) {
    int value = nonNegativeInteger(text, column, name, lineNumber);
    if (value == 0) {
      throw new TraceFormatException(name, lineNumber, text, "invalid " + column + " value", "an integer of at least 1",
          "Fix or delete the row.");
    }
    return value;
  }

  private static int nonNegativeInteger(String text, String column, String name, long lineNumber) {
    try {
      int value = Integer.parseInt(text.trim());
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Reported below with the row's position.
    }
    throw new TraceFormatException(name, lineNumber, text, "invalid " + column + " value",
        "a non-negative integer", "Fix or delete the row.");
  }

  private static double time(String text, String name, long lineNumber) {
    try {
      double value = Double.parseDouble(text.trim());
      if (value > 0 && Double.isFinite(value)) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Reported below with the row's position.
    }
    throw new TraceFormatException(name, lineNumber, text, "invalid time_us value",
        "a positive number of microseconds", "Fix or delete the row; a zero time means a failed measurement.");
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && (value.startsWith("'") && value.endsWith("'")
        || value.startsWith("\"") && value.endsWith("\""))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }
}
