package org.orrery.traces.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.traces.TraceFormatException;

class LayerTableReaderTest {
  private static final String HEADER = "layer_name,input,kv_cache,tp_size,latency(ns)\n";

  @TempDir Path folder;

  @Test
  void bundledTablesReadEveryRow() throws IOException {
    LayerTable small = LayerTableReader.read("bundled:llmservingsim-v0-H100-Llama-3.1-8B-tp1", null);
    LayerTable large = LayerTableReader.read("bundled:llmservingsim-v0-H100-Llama-3.1-70B-tp4", null);

    // 15 sub-layers x inputs 1 to 2,048, all with an empty cache.
    assertThat(small.rows()).hasSize(15 * 2048);
    assertThat(large.rows()).hasSize(15 * 2048);
    assertThat(small.tensorParallel()).isEqualTo(1);
    assertThat(large.tensorParallel()).isEqualTo(4);
    // First row of the 8B table: embedding,1,0,1,2915 (nanoseconds).
    assertThat(small.rows().get(0)).isEqualTo(new LayerTable.Row("embedding", 1, 0, 2915e-9));
    assertThat(small.stack("model", "")).isEqualTo("Llama-3.1-8B");
    assertThat(large.stack("gpu", "")).startsWith("NVIDIA H100");
    assertThat(large.stack("source", "")).contains("5daddb21a545658d5150b535712d0494584b5278")
        .endsWith("Llama-3.1-70B/tp4/layers.csv");
  }

  @Test
  void reorderedAndExtraColumnsAreRead() throws IOException {
    Path file = write("latency(ns),tp_size,note,kv_cache,input,layer_name\n1500,2,x,0,16,q_proj\n");

    LayerTable table = LayerTableReader.read(file.toString(), null);

    assertThat(table.rows()).containsExactly(new LayerTable.Row("q_proj", 16, 0, 1500e-9));
    assertThat(table.tensorParallel()).isEqualTo(2);
    assertThat(table.stack()).isEmpty();
  }

  @Test
  void folderIsReadThroughItsLayersFile() throws IOException {
    write(HEADER + "q_proj,1,0,1,100\n");

    assertThat(LayerTableReader.read(folder.toString(), null).rows()).hasSize(1);
    assertThat(LayerTableReader.read("layers.csv", folder).rows()).hasSize(1);
  }

  @Test
  void formatIsRecognised() throws IOException {
    Path v2 = Files.createDirectory(folder.resolve("v2"));
    Files.writeString(v2.resolve("dense.csv"), "layer,tokens,time_us\n");
    write(HEADER + "q_proj,1,0,1,100\n");

    assertThat(LayerTableReader.isLayerTable(folder.toString(), null)).isTrue();
    assertThat(LayerTableReader.isLayerTable("layers.csv", folder)).isTrue();
    assertThat(LayerTableReader.isLayerTable("v2", folder)).isFalse();
    assertThat(LayerTableReader.isLayerTable("bundled:llmservingsim-v0-H100-Llama-3.1-8B-tp1", null)).isTrue();
    assertThat(LayerTableReader.isLayerTable("bundled:llmservingsim-RTX4090-Llama-3.1-8B-tp1", null)).isFalse();
  }

  @Test
  void missingColumnNamesColumnAndFix() throws IOException {
    Path file = write("layer_name,input,kv_cache,latency(ns)\nq_proj,1,0,100\n");

    assertThatThrownBy(() -> LayerTableReader.read(file.toString(), null))
        .isInstanceOf(TraceFormatException.class)
        .hasMessageContaining(file + ", line 1: missing column tp_size in the header")
        .hasMessageContaining("layer_name,input,kv_cache,tp_size,latency(ns)")
        .hasMessageContaining("Add or rename the column");
  }

  @Test
  void duplicateColumnIsRejected() throws IOException {
    Path file = write("layer_name,input,input,kv_cache,tp_size,latency(ns)\nq_proj,1,1,0,1,100\n");

    assertThatThrownBy(() -> LayerTableReader.read(file.toString(), null))
        .hasMessageContaining("line 1: column input appears twice");
  }

  @Test
  void nonNumericLatencyNamesLineAndValue() throws IOException {
    Path file = write(HEADER + "q_proj,1,0,1,100\nk_proj,1,0,1,12.5us\n");

    assertThatThrownBy(() -> LayerTableReader.read(file.toString(), null))
        .isInstanceOf(TraceFormatException.class)
        .hasMessageContaining(file + ", line 3: invalid latency(ns) value \"12.5us\"")
        .hasMessageContaining("a positive number of nanoseconds")
        .hasMessageContaining("Fix or delete the row");
  }

  @Test
  void zeroLatencyIsRejected() throws IOException {
    Path file = write(HEADER + "q_proj,1,0,1,0\n");

    assertThatThrownBy(() -> LayerTableReader.read(file.toString(), null))
        .hasMessageContaining("line 2: invalid latency(ns) value \"0\"")
        .hasMessageContaining("a zero time means a failed measurement");
  }

  @Test
  void nonNumericInputNamesColumn() throws IOException {
    Path file = write(HEADER + "q_proj,one,0,1,100\n");

    assertThatThrownBy(() -> LayerTableReader.read(file.toString(), null))
        .hasMessageContaining("line 2: invalid input value \"one\"")
        .hasMessageContaining("an integer of at least 1");
  }

  @Test
  void zeroInputTokensAreRejected() throws IOException {
    Path file = write(HEADER + "q_proj,0,0,1,100\n");

    assertThatThrownBy(() -> LayerTableReader.read(file.toString(), null))
        .hasMessageContaining("line 2: invalid input value \"0\"");
  }

  @Test
  void negativeCacheIsRejected() throws IOException {
    Path file = write(HEADER + "attn,1,-16,1,100\n");

    assertThatThrownBy(() -> LayerTableReader.read(file.toString(), null))
        .hasMessageContaining("line 2: invalid kv_cache value \"-16\"")
        .hasMessageContaining("an integer of at least 0");
  }

  @Test
  void zeroTensorParallelIsRejected() throws IOException {
    Path file = write(HEADER + "q_proj,1,0,0,100\n");

    assertThatThrownBy(() -> LayerTableReader.read(file.toString(), null))
        .hasMessageContaining("line 2: invalid tp_size value \"0\"");
  }

  @Test
  void mixedTensorParallelIsRejected() throws IOException {
    Path file = write(HEADER + "q_proj,1,0,1,100\nq_proj,1,0,2,60\n");

    assertThatThrownBy(() -> LayerTableReader.read(file.toString(), null))
        .hasMessageContaining("line 3: tp_size differs from the first row's 1 \"2\"")
        .hasMessageContaining("one table per tensor-parallel degree");
  }

  @Test
  void shortRowNamesFieldCounts() throws IOException {
    Path file = write(HEADER + "q_proj,1,0,100\n");

    assertThatThrownBy(() -> LayerTableReader.read(file.toString(), null))
        .hasMessageContaining("line 2: row has 4 fields but the header has 5 \"q_proj,1,0,100\"");
  }

  @Test
  void emptyLayerNameIsRejected() throws IOException {
    Path file = write(HEADER + " ,1,0,1,100\n");

    assertThatThrownBy(() -> LayerTableReader.read(file.toString(), null))
        .hasMessageContaining("line 2: empty layer_name");
  }

  @Test
  void emptyFileIsRejected() throws IOException {
    Path file = write("");

    assertThatThrownBy(() -> LayerTableReader.read(file.toString(), null))
        .hasMessageContaining("line 1: empty file, no header");
  }

  @Test
  void headerWithoutRowsIsRejected() throws IOException {
    Path file = write(HEADER + "\n");

    assertThatThrownBy(() -> LayerTableReader.read(file.toString(), null))
        .hasMessageContaining("no rows after the header");
  }

  @Test
  void unknownBundledNameListsKnownOnes() {
    assertThatThrownBy(() -> LayerTableReader.read("bundled:nope", null))
        .isInstanceOf(TraceFormatException.class)
        .hasMessageContaining("unknown bundled layer table")
        .hasMessageContaining("llmservingsim-v0-H100-Llama-3.1-70B-tp4, llmservingsim-v0-H100-Llama-3.1-8B-tp1");
  }

  @Test
  void missingFileNamesPath() {
    Path missing = folder.resolve("none.csv");

    assertThatThrownBy(() -> LayerTableReader.read(missing.toString(), null))
        .isInstanceOf(FileNotFoundException.class)
        .hasMessageContaining(missing + " not found");
  }

  private Path write(String text) throws IOException {
    return Files.writeString(folder.resolve("layers.csv"), text);
  }
}
