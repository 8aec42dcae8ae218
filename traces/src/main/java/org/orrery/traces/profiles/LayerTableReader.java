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
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.orrery.traces.TraceFormatException;

/**
 * Reads a layer table in the format of LLMServingSim's first profiler (v0): one CSV file,
 * {@code layers.csv}, with the columns {@code layer_name,input,kv_cache,tp_size,latency(ns)}. Every
 * row times one sub-layer ({@code q_proj}, {@code attn}, {@code lm_head}, ...) for {@code input}
 * tokens over {@code kv_cache} cached tokens on one GPU of a {@code tp_size}-way tensor-parallel
 * group. Times are converted from nanoseconds to seconds.
 *
 * <p>Columns are found by name, ignoring case and surrounding spaces, so reordered and extra
 * columns are accepted. Every malformed row fails with a {@link TraceFormatException} naming the
 * file, the line, the value and the fix; no row is skipped.
 */
public final class LayerTableReader {
  /** Name of the table inside a profile folder. */
  public static final String FILE_NAME = "layers.csv";

  /**
   * Bundled tables, each a folder under {@code org/orrery/traces/profiles/} holding an unchanged
   * upstream {@code layers.csv}, with the facts about the measurement that the file lacks.
   */
  public static final Map<String, Map<String, String>> BUNDLED =
      Collections.unmodifiableSortedMap(new TreeMap<>(Map.of(
          "llmservingsim-v0-H100-Llama-3.1-8B-tp1", bundledStack("Llama-3.1-8B", 1),
          "llmservingsim-v0-H100-Llama-3.1-70B-tp4", bundledStack("Llama-3.1-70B", 4))));

  private static final String RESOURCE_ROOT = "org/orrery/traces/profiles/";
  private static final String HEADER = "layer_name,input,kv_cache,tp_size,latency(ns)";
  private static final String[] COLUMNS = HEADER.split(",");
  private static final double NANOSECONDS = 1e-9;

  private LayerTableReader() {}

  /**
   * Returns whether {@code reference} names a layer table: a bundled table, a file, or a folder
   * that contains {@code layers.csv}. Folders of the LLMServingSim 2.0 format return false.
   *
   * @param baseDirectory folder that a relative path is resolved against, or null
   */
  public static boolean isLayerTable(String reference, Path baseDirectory) {
    if (reference.startsWith(LayerwiseProfileReader.BUNDLED_PREFIX)) {
      return BUNDLED.containsKey(reference.substring(LayerwiseProfileReader.BUNDLED_PREFIX.length()));
    }
    Path path = resolve(reference, baseDirectory);
    return Files.isRegularFile(path) || Files.isRegularFile(path.resolve(FILE_NAME));
  }

  /**
   * Reads a bundled table ({@code bundled:NAME}), a {@code layers.csv} file, or the {@code
   * layers.csv} inside a folder.
   *
   * @param baseDirectory folder that a relative path is resolved against, or null
   * @throws TraceFormatException if the file is malformed or the bundled name is unknown
   * @throws IOException if the file is missing or cannot be read
   */
  public static LayerTable read(String reference, Path baseDirectory) throws IOException {
    if (reference.startsWith(LayerwiseProfileReader.BUNDLED_PREFIX)) {
      String name = reference.substring(LayerwiseProfileReader.BUNDLED_PREFIX.length());
      Map<String, String> stack = BUNDLED.get(name);
      if (stack == null) {
        throw new TraceFormatException(reference, 0, name, "unknown bundled layer table",
            "one of " + String.join(", ", BUNDLED.keySet()),
            "Use a bundled name or the path of a layers.csv file.");
      }
      String resource = RESOURCE_ROOT + name + "/" + FILE_NAME;
      InputStream stream = LayerTableReader.class.getClassLoader().getResourceAsStream(resource);
      if (stream == null) {
        throw new FileNotFoundException("bundled layer table " + resource
            + " is missing from the class path; rebuild the traces jar");
      }
      return read(reference + "/" + FILE_NAME, stack, stream);
    }
    Path path = resolve(reference, baseDirectory);
    Path file = Files.isDirectory(path) ? path.resolve(FILE_NAME) : path;
    try {
      return read(file.toString(), Map.of(), Files.newInputStream(file));
    } catch (NoSuchFileException e) {
      throw new FileNotFoundException("layer table " + file + " not found: give a layers.csv file or a folder "
          + "that contains one");
    }
  }

  /**
   * Reads a table from {@code stream} and closes it.
   *
   * @param sourceName the name used in error messages
   * @param stack facts about the measurement to attach to the table
   * @throws TraceFormatException if the table is malformed
   */
  public static LayerTable read(String sourceName, Map<String, String> stack, InputStream stream)
      throws IOException {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
      String header = reader.readLine();
      int[] index = columnIndexes(header, sourceName);
      int fields = header.split(",", -1).length;
      List<LayerTable.Row> rows = new ArrayList<>();
      int tensorParallel = 0;
      long lineNumber = 1;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        String[] cells = line.split(",", -1);
        if (cells.length != fields) {
          throw new TraceFormatException(sourceName, lineNumber, line, "row has " + cells.length
              + " fields but the header has " + fields, fields + " comma-separated fields matching " + header,
              "Fix or delete the row.");
        }
        String layer = cells[index[0]].trim();
        if (layer.isEmpty()) {
          throw new TraceFormatException(sourceName, lineNumber, line, "empty layer_name", "a sub-layer name such "
              + "as q_proj", "Fix or delete the row.");
        }
        int input = integer(cells[index[1]], COLUMNS[1], 1, sourceName, lineNumber);
        int cached = integer(cells[index[2]], COLUMNS[2], 0, sourceName, lineNumber);
        int rowParallel = integer(cells[index[3]], COLUMNS[3], 1, sourceName, lineNumber);
        if (tensorParallel == 0) {
          tensorParallel = rowParallel;
        } else if (rowParallel != tensorParallel) {
          throw new TraceFormatException(sourceName, lineNumber, cells[index[3]], "tp_size differs from the "
              + "first row's " + tensorParallel, "the same tp_size on every row",
              "Split the file into one table per tensor-parallel degree.");
        }
        double seconds = nanoseconds(cells[index[4]], sourceName, lineNumber) * NANOSECONDS;
        rows.add(new LayerTable.Row(layer, input, cached, seconds));
      }
      if (rows.isEmpty()) {
        throw new TraceFormatException(sourceName, lineNumber, "", "no rows after the header",
            "at least one measured row", "Check that the profiler finished writing the file.");
      }
      return new LayerTable(sourceName, Map.copyOf(stack), tensorParallel, List.copyOf(rows));
    }
  }

  /** Returns the positions of the required columns in the order of {@link #COLUMNS}. */
  private static int[] columnIndexes(String header, String sourceName) {
    if (header == null) {
      throw new TraceFormatException(sourceName, 1, "", "empty file, no header", "the header " + HEADER,
          "Check that the path points at a layers.csv file and that it was fully written.");
    }
    String[] names = header.split(",", -1);
    int[] index = new int[COLUMNS.length];
    for (int c = 0; c < COLUMNS.length; c++) {
      index[c] = -1;
      for (int i = 0; i < names.length; i++) {
        if (names[i].trim().toLowerCase(Locale.ROOT).equals(COLUMNS[c])) {
          if (index[c] >= 0) {
            throw new TraceFormatException(sourceName, 1, header, "column " + COLUMNS[c] + " appears twice",
                "each column name once", "Remove or rename the duplicate column.");
          }
          index[c] = i;
        }
      }
      if (index[c] < 0) {
        throw new TraceFormatException(sourceName, 1, header, "missing column " + COLUMNS[c] + " in the header",
            "a header with the columns " + HEADER, "Add or rename the column; times must be in nanoseconds.");
      }
    }
    return index;
  }

  private static int integer(String text, String column, int minimum, String sourceName, long lineNumber) {
    try {
      int value = Integer.parseInt(text.trim());
      if (value >= minimum) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Reported below with the row's position.
    }
    throw new TraceFormatException(sourceName, lineNumber, text, "invalid " + column + " value",
        "an integer of at least " + minimum, "Fix or delete the row.");
  }

  private static double nanoseconds(String text, String sourceName, long lineNumber) {
    try {
      double value = Double.parseDouble(text.trim());
      if (value > 0 && Double.isFinite(value)) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Reported below with the row's position.
    }
    throw new TraceFormatException(sourceName, lineNumber, text, "invalid latency(ns) value",
        "a positive number of nanoseconds", "Fix or delete the row; a zero time means a failed measurement.");
  }

  private static Path resolve(String reference, Path baseDirectory) {
    return baseDirectory == null ? Path.of(reference) : baseDirectory.resolve(reference);
  }

  private static Map<String, String> bundledStack(String model, int tensorParallel) {
    return Map.of(
        "model", model,
        "gpu", "NVIDIA H100 (form factor, clocks and driver not recorded)",
        "profiler", "LLMServingSim v0 profiler: Hugging Face model code timed sub-layer by sub-layer with the "
            + "PyTorch profiler; PyTorch, Transformers and CUDA versions not recorded",
        "source", "casys-kaist/LLMServingSim commit 5daddb21a545658d5150b535712d0494584b5278, "
            + "profiler/v0/perf_models/H100/meta-llama/" + model + "/tp" + tensorParallel + "/layers.csv");
  }
}
