package org.orrery.traces.profiles;

import java.util.List;
import java.util.Map;

/**
 * The rows of one layer table in the format of LLMServingSim's first profiler (v0), as read from
 * disk, times in seconds. Each row is one sub-layer of the model timed alone.
 *
 * @param sourceName the file or bundled name the table was read from
 * @param stack facts about the measurement that the file does not contain, for bundled tables:
 *     {@code model}, {@code gpu}, {@code profiler} and {@code source}; empty for a table read from a path
 * @param tensorParallel the {@code tp_size} of every row: the table times one GPU's shard
 * @param rows the measured rows in file order
 */
public record LayerTable(String sourceName, Map<String, String> stack, int tensorParallel, List<Row> rows) {

  /**
   * One measured sub-layer time.
   *
   * @param layer the sub-layer as the profiler named it, for example {@code q_proj} or {@code attn}
   * @param inputTokens tokens passed through the sub-layer (the {@code input} column)
   * @param cachedTokens tokens already in the KV cache during the measurement ({@code kv_cache})
   * @param seconds measured time
   */
  public record Row(String layer, int inputTokens, int cachedTokens, double seconds) {}

  /** Returns a stack fact, or {@code fallback} when the table does not record it. */
  public String stack(String key, String fallback) {
    return stack.getOrDefault(key, fallback);
  }
}
