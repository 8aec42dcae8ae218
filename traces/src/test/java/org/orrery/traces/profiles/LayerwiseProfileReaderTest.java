package org.orrery.traces.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.traces.TraceFormatException;

class LayerwiseProfileReaderTest {
  @TempDir Path folder;

  @Test
  void bundledProfileReadsEveryRow() throws IOException {
    LayerwiseProfile profile =
        LayerwiseProfileReader.read("bundled:llmservingsim-RTX4090-Llama-3.1-8B-tp1", null);

    // dense.csv: 9 layers x 152 token counts; attention.csv 8,643 rows; per_sequence.csv 2 x 40.
    assertThat(profile.dense()).hasSize(9 * 152);
    assertThat(profile.attention()).hasSize(8643);
    assertThat(profile.perSequence()).hasSize(80);
    assertThat(profile.metadata("gpu", "")).isEqualTo("NVIDIA GeForce RTX 4090");
    assertThat(profile.metadata("vllm_version", "")).isEqualTo("0.19.0");
    // qkv_proj,1,... in microseconds, read as seconds
    assertThat(profile.dense().get(0).seconds()).isLessThan(1e-3);
  }

  @Test
  void bundledMoeProfileReadsMoeTable() throws IOException {
    LayerwiseProfile profile =
        LayerwiseProfileReader.read("bundled:llmservingsim-RTXPRO6000-Qwen3-30B-A3B-tp1", null);

    // moe.csv: 50 rows, the first "1,8,50.2297" (one token, eight experts, 50.2297 us).
    assertThat(profile.moe()).hasSize(50);
    assertThat(profile.moe().get(0).tokens()).isEqualTo(1);
    assertThat(profile.moe().get(0).activatedExperts()).isEqualTo(8);
    assertThat(profile.moe().get(0).seconds()).isCloseTo(50.2297e-6, within(1e-12));
    assertThat(profile.metadata("architecture", "")).isEqualTo("qwen3_moe");
  }

  @Test
  void denseProfileHasNoMoeRows() throws IOException {
    writeValidProfile();

    assertThat(LayerwiseProfileReader.read(folder.toString(), null).moe()).isEmpty();
  }

  @Test
  void moeRowWithZeroExpertsNamesLine() throws IOException {
    writeValidProfile();
    Files.writeString(folder.resolve("moe.csv"), "tokens,activated_experts,time_us\n1,8,50.0\n2,0,60.0\n");

    assertThatThrownBy(() -> LayerwiseProfileReader.read(folder.toString(), null))
        .isInstanceOf(TraceFormatException.class)
        .hasMessageContaining("moe.csv, line 3")
        .hasMessageContaining("invalid activated_experts value \"0\"");
  }

  @Test
  void moeFileWithoutRowsIsRejected() throws IOException {
    writeValidProfile();
    Files.writeString(folder.resolve("moe.csv"), "tokens,activated_experts,time_us\n");

    assertThatThrownBy(() -> LayerwiseProfileReader.read(folder.toString(), null))
        .isInstanceOf(TraceFormatException.class)
        .hasMessageContaining("moe.csv, line 1")
        .hasMessageContaining("delete moe.csv for a dense model");
  }

  @Test
  void unknownBundledNameIsRejected() {
    assertThatThrownBy(() -> LayerwiseProfileReader.read("bundled:nope", null))
        .isInstanceOf(TraceFormatException.class)
        .hasMessageContaining("unknown bundled profile")
        .hasMessageContaining("llmservingsim-RTX4090-Llama-3.1-8B-tp1");
  }

  @Test
  void wrongHeaderNamesFile() throws IOException {
    writeValidProfile();
    Files.writeString(folder.resolve("dense.csv"), "name,tokens,us\nqkv_proj,1,2.0\n");

    assertThatThrownBy(() -> LayerwiseProfileReader.read(folder.toString(), null))
        .isInstanceOf(TraceFormatException.class)
        .hasMessageContaining("dense.csv, line 1")
        .hasMessageContaining("invalid header");
  }

  @Test
  void zeroTimeNamesLineAndValue() throws IOException {
    writeValidProfile();
    Files.writeString(
        folder.resolve("attention.csv"),
        "prefill_chunk,kv_prefill,n_decode,kv_decode,time_us\n16,0,0,0,5.0\n16,16,0,0,0\n");

    assertThatThrownBy(() -> LayerwiseProfileReader.read(folder.toString(), null))
        .isInstanceOf(TraceFormatException.class)
        .hasMessageContaining("attention.csv, line 3")
        .hasMessageContaining("invalid time_us value \"0\"");
  }

  @Test
  void negativeTokenCountIsRejected() throws IOException {
    writeValidProfile();
    Files.writeString(folder.resolve("per_sequence.csv"), "layer,sequences,time_us\nlm_head,-1,3.0\n");

    assertThatThrownBy(() -> LayerwiseProfileReader.read(folder.toString(), null))
        .isInstanceOf(TraceFormatException.class)
        .hasMessageContaining("per_sequence.csv, line 2")
        .hasMessageContaining("invalid sequences value \"-1\"");
  }

  @Test
  void missingFileNamesWhatIsNeeded() throws IOException {
    writeValidProfile();
    Files.delete(folder.resolve("attention.csv"));

    assertThatThrownBy(() -> LayerwiseProfileReader.read(folder.toString(), null))
        .hasMessageContaining("attention.csv not found")
        .hasMessageContaining("meta.yaml, dense.csv, attention.csv and per_sequence.csv");
  }

  @Test
  void requestLogWithoutKeyNamesIt() {
    String line = "{\"request_id\": \"a\", \"input_toks\": 5, \"output_toks\": 2, \"arrival_time\": 1.0, "
        + "\"queued_ts\": 2.0, \"first_token_ts\": 2.5}";

    assertThatThrownBy(
            () -> VllmRequestLog.read(new BufferedReader(new StringReader(line)), "log.jsonl"))
        .isInstanceOf(TraceFormatException.class)
        .hasMessageContaining("log.jsonl, line 1")
        .hasMessageContaining("missing key last_token_ts");
  }

  /** TTFT 0.5 s from queued_ts; end-to-end 2.5 s; TPOT (4.5 - 2.5) / (5 - 1) = 0.5 s. */
  @Test
  void requestLogLatenciesFollowVllm() throws IOException {
    String line = "{\"request_id\": \"a\", \"input_toks\": 5, \"output_toks\": 5, \"arrival_time\": 1.0, "
        + "\"queued_ts\": 2.0, \"scheduled_ts\": 2.1, \"first_token_ts\": 2.5, \"last_token_ts\": 4.5}";

    VllmRequestLog.Entry entry =
        VllmRequestLog.read(new BufferedReader(new StringReader(line)), "log.jsonl").get(0);

    assertThat(entry.ttftSeconds()).isEqualTo(0.5);
    assertThat(entry.endToEndSeconds()).isEqualTo(2.5);
    assertThat(entry.tpotSeconds()).isEqualTo(0.5);
  }

  @Test
  void requestLogTimesOutOfOrderAreRejected() {
    String line = "{\"input_toks\": 5, \"output_toks\": 5, \"arrival_time\": 1.0, "
        + "\"queued_ts\": 3.0, \"first_token_ts\": 2.5, \"last_token_ts\": 4.5}";

    assertThatThrownBy(
            () -> VllmRequestLog.read(new BufferedReader(new StringReader(line)), "log.jsonl"))
        .hasMessageContaining("timestamps out of order");
  }

  private void writeValidProfile() throws IOException {
    Files.writeString(folder.resolve("meta.yaml"), "gpu: Test GPU\nvllm_version: 0.0.1\n");
    Files.writeString(folder.resolve("dense.csv"), "layer,tokens,time_us\nqkv_proj,1,2.0\n");
    Files.writeString(
        folder.resolve("attention.csv"),
        "prefill_chunk,kv_prefill,n_decode,kv_decode,time_us\n16,0,0,0,5.0\n");
    Files.writeString(folder.resolve("per_sequence.csv"), "layer,sequences,time_us\nlm_head,1,3.0\n");
  }
}
