package org.orrery.traces.profiles;

import java.util.List;
import java.util.Map;

/**
 * The tables of one layer-wise profile as read from disk, times in seconds.
 *
 * @param sourceName the folder or bundled name the profile was read from
 * @param metadata top-level scalar keys of {@code meta.yaml} (for example {@code gpu},
 *     {@code vllm_version}, {@code cuda_version}, {@code model})
 * @param dense rows of {@code dense.csv}: one non-attention layer against the tokens of an iteration
 * @param attention rows of {@code attention.csv}: attention of one layer for a mixed batch
 * @param perSequence rows of {@code per_sequence.csv}: output head and sampler against sequences
 * @param moe rows of {@code moe.csv}: one mixture-of-experts layer against tokens and activated
 *     experts, empty when the profile has no such file (a dense model)
 */
public record LayerwiseProfile(
    String sourceName,
    Map<String, String> metadata,
    List<LayerTime> dense,
    List<AttentionTime> attention,
    List<LayerTime> perSequence,
    List<MoeTime> moe) {

  /** Creates a profile of a dense model, which has no {@code moe.csv}. */
  public LayerwiseProfile(
      String sourceName,
      Map<String, String> metadata,
      List<LayerTime> dense,
      List<AttentionTime> attention,
      List<LayerTime> perSequence) {
    this(sourceName, metadata, dense, attention, perSequence, List.of());
  }

  /**
   * One measured layer time.
   *
   * @param layer the layer name as the profiler wrote it, for example {@code qkv_proj}
   * @param count tokens (dense layers) or sequences (per-sequence layers)
   * @param seconds measured time
   */
  public record LayerTime(String layer, int count, double seconds) {}

  /**
   * One measured attention time of a mixed batch.
   *
   * @param prefillChunkTokens tokens of the prefill chunk, 0 for none
   * @param prefillCachedTokens tokens already cached for the prefilled sequence
   * @param decodeSequences decoding sequences, 0 for none
   * @param decodeContextTokens context tokens of each decoding sequence
   * @param seconds measured time
   */
  public record AttentionTime(
      int prefillChunkTokens,
      int prefillCachedTokens,
      int decodeSequences,
      int decodeContextTokens,
      double seconds) {}

  /**
   * One measured time of a whole mixture-of-experts layer (router, expert matrix products and the
   * weighted sum), with the profiler's forced routing: the tokens' expert choices cycle through
   * exactly {@code activatedExperts} experts, so each of them gets the same share of the tokens.
   *
   * @param tokens tokens entering the layer
   * @param activatedExperts distinct experts that receive at least one token
   * @param seconds measured time
   */
  public record MoeTime(int tokens, int activatedExperts, double seconds) {}

  /** Returns a metadata value, or {@code fallback} when the key is absent. */
  public String metadata(String key, String fallback) {
    return metadata.getOrDefault(key, fallback);
  }
}
