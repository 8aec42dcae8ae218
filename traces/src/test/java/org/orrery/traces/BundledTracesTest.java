package org.orrery.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data sets bundled in the jar. Expected row counts and first and last arrivals come from the
 * provenance table of the Azure files, and from their first and last lines for the digits the table
 * rounds away.
 */
class BundledTracesTest {

  private static List<LlmTraceRecord> readLlm(String reference) throws IOException {
    List<LlmTraceRecord> records = new ArrayList<>();
    try (AzureLlmTraceReader reader = BundledTraces.openLlmTrace(reference)) {
      reader.forEachRemaining(records::add);
    }
    return records;
  }

  @Test
  void conversationTraceStreamsAllRows() throws IOException {
    List<LlmTraceRecord> records = readLlm("bundled:azure-2023-conversation");

    assertThat(records).hasSize(19_366);
    LlmTraceRecord first = records.get(0);
    LlmTraceRecord last = records.get(records.size() - 1);
    // The provenance table gives 18:15:46.68 and 19:14:08.40, rounded to 10 ms.
    assertThat(first.arrival().truncatedTo(ChronoUnit.MILLIS))
        .isEqualTo(Instant.parse("2023-11-16T18:15:46.680Z"));
    assertThat(last.arrival().truncatedTo(ChronoUnit.MILLIS))
        .isEqualTo(Instant.parse("2023-11-16T19:14:08.402Z"));
    // First line 2023-11-16 18:15:46.6805900,374,44, last line 2023-11-16 19:14:08.4025270,197,183.
    assertThat(first.arrival()).isEqualTo(Instant.parse("2023-11-16T18:15:46.680590Z"));
    assertThat(first.promptTokens()).isEqualTo(374);
    assertThat(first.outputTokens()).isEqualTo(44);
    assertThat(last.arrival()).isEqualTo(Instant.parse("2023-11-16T19:14:08.402527Z"));
    assertThat(last.promptTokens()).isEqualTo(197);
    assertThat(last.outputTokens()).isEqualTo(183);
    assertThat(last.lineNumber()).isEqualTo(19_366 + 1);
  }

  @Test
  void conversationTokenRangesMatchProvenance() throws IOException {
    List<LlmTraceRecord> records = readLlm("bundled:azure-2023-conversation");

    // Provenance table: prompt tokens 2..14,050, output tokens 7..1,000.
    assertThat(records.stream().mapToInt(LlmTraceRecord::promptTokens).min().getAsInt()).isEqualTo(2);
    assertThat(records.stream().mapToInt(LlmTraceRecord::promptTokens).max().getAsInt()).isEqualTo(14_050);
    assertThat(records.stream().mapToInt(LlmTraceRecord::outputTokens).min().getAsInt()).isEqualTo(7);
    assertThat(records.stream().mapToInt(LlmTraceRecord::outputTokens).max().getAsInt()).isEqualTo(1_000);
  }

  @Test
  void codeTraceStreamsAllRows() throws IOException {
    List<LlmTraceRecord> records = readLlm("bundled:azure-2023-code");

    assertThat(records).hasSize(8_819);
    // The provenance table gives 18:17:03.98 and 19:14:19.93, rounded to 10 ms.
    assertThat(records.get(0).arrival()).isEqualTo(Instant.parse("2023-11-16T18:17:03.979960Z"));
    assertThat(records.get(8_818).arrival()).isEqualTo(Instant.parse("2023-11-16T19:14:19.928016Z"));
    // Provenance table: prompt tokens 3..7,437, output tokens 6..1,899.
    assertThat(records.stream().mapToInt(LlmTraceRecord::promptTokens).min().getAsInt()).isEqualTo(3);
    assertThat(records.stream().mapToInt(LlmTraceRecord::promptTokens).max().getAsInt()).isEqualTo(7_437);
    assertThat(records.stream().mapToInt(LlmTraceRecord::outputTokens).min().getAsInt()).isEqualTo(6);
    assertThat(records.stream().mapToInt(LlmTraceRecord::outputTokens).max().getAsInt()).isEqualTo(1_899);
  }

  @Test
  void forEachCountsBundledRows() throws IOException {
    long count = AzureLlmTraceReader.forEach(BundledTraces.source("azure-2023-code"), record -> {});

    assertThat(count).isEqualTo(8_819);
  }

  @Test
  void californiaCarbonHasEveryHourOf2023() throws IOException {
    List<CarbonIntensityRecord> direct = new ArrayList<>();
    try (CarbonIntensityReader reader =
        BundledTraces.openCarbonSeries(
            "bundled:electricitymaps-US-CAL-CISO-2023", CarbonIntensityColumn.DIRECT)) {
      reader.forEachRemaining(direct::add);
    }

    // 365 days * 24 hours, with no gaps: each row starts 3,600 s after the previous one.
    assertThat(direct).hasSize(8_760);
    for (int i = 1; i < direct.size(); i++) {
      assertThat(direct.get(i).hourStart())
          .isEqualTo(direct.get(i - 1).hourStart().plusSeconds(3_600));
    }
    // First and last lines of the file.
    assertThat(direct.get(0))
        .isEqualTo(new CarbonIntensityRecord(Instant.parse("2023-01-01T00:00:00Z"), 238.69));
    assertThat(direct.get(8_759))
        .isEqualTo(new CarbonIntensityRecord(Instant.parse("2023-12-31T23:00:00Z"), 243.22));
  }

  @Test
  void californiaCarbonLifeCycleColumn() throws IOException {
    List<CarbonIntensityRecord> lifeCycle =
        CarbonIntensityReader.readAll(
            BundledTraces.source(BundledTraces.ELECTRICITYMAPS_US_CAL_CISO_2023),
            CarbonIntensityColumn.LCA);

    assertThat(lifeCycle).hasSize(8_760);
    assertThat(lifeCycle.get(0).gramsPerKwh()).isEqualTo(309.75);
    assertThat(lifeCycle.get(8_759).gramsPerKwh()).isEqualTo(321.33);
  }

  @Test
  void namesByKind() {
    assertThat(BundledTraces.names(BundledTraces.Kind.LLM_INFERENCE))
        .containsExactly("azure-2023-code", "azure-2023-conversation");
    assertThat(BundledTraces.names(BundledTraces.Kind.CARBON_INTENSITY))
        .containsExactly("electricitymaps-US-CAL-CISO-2023", "electricitymaps-US-CAL-CISO-2024");
  }

  /** 2024 is a leap year: 366 x 24 = 8,784 hourly rows, the first at midnight UTC on January 1. */
  @Test
  void bundledCiso2024CoversLeapYear() throws IOException {
    List<CarbonIntensityRecord> records =
        CarbonIntensityReader.readAll(
            BundledTraces.source("electricitymaps-US-CAL-CISO-2024"), CarbonIntensityColumn.DIRECT);

    assertThat(records).hasSize(366 * 24);
    assertThat(records.get(0).hourStart()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
  }

  @Test
  void bundledReferenceNamesSource() {
    assertThat(BundledTraces.resolve("bundled:azure-2023-code").name())
        .isEqualTo("bundled:azure-2023-code");
  }

  @Test
  void errorsNameTheBundledReference() throws IOException {
    try (AzureLlmTraceReader reader = BundledTraces.openLlmTrace("bundled:azure-2023-code")) {
      assertThat(reader.sourceName()).isEqualTo("bundled:azure-2023-code");
    }
  }

  @Test
  void pathReferenceReadsFile(@TempDir Path folder) throws IOException {
    Path file = folder.resolve("mine.csv");
    Files.writeString(file, "TIMESTAMP,ContextTokens,GeneratedTokens\n2024-05-12 00:00:00+00:00,5,6\n");

    assertThat(readLlm(file.toString())).extracting(LlmTraceRecord::outputTokens).containsExactly(6);
  }

  @Test
  void relativePathResolvesAgainstBase(@TempDir Path folder) {
    TraceSource source = BundledTraces.resolve("traces/mine.csv", folder);

    assertThat(source.name()).isEqualTo(folder.resolve("traces/mine.csv").toString());
  }

  @Test
  void missingFileFailsOnOpen(@TempDir Path folder) {
    String reference = folder.resolve("absent.csv").toString();

    assertThatThrownBy(() -> BundledTraces.openLlmTrace(reference))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("absent.csv");
  }

  @Test
  void unknownBundledName() {
    assertThatThrownBy(() -> BundledTraces.resolve("bundled:azure-2023-conv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown bundled trace \"bundled:azure-2023-conv\"")
        .hasMessageContaining("bundled:azure-2023-conversation")
        .hasMessageContaining("bundled:electricitymaps-US-CAL-CISO-2023");
  }

  @Test
  void blankReference() {
    assertThatThrownBy(() -> BundledTraces.resolve(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trace reference is empty");
  }

  @Test
  void invalidPathReference() {
    // A NUL character is invalid in a path on every file system Java supports.
    assertThatThrownBy(() -> BundledTraces.resolve("bad\0name.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a valid file path");
  }

  @Test
  void carbonSeriesWhereLlmTraceIsRequired() {
    assertThatThrownBy(() -> BundledTraces.openLlmTrace("bundled:electricitymaps-US-CAL-CISO-2023"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is a carbon intensity series, but an LLM inference trace is required")
        .hasMessageContaining("bundled:azure-2023-code, bundled:azure-2023-conversation");
  }

  @Test
  void llmTraceWhereCarbonSeriesIsRequired() {
    assertThatThrownBy(
            () -> BundledTraces.openCarbonSeries("bundled:azure-2023-code", CarbonIntensityColumn.DIRECT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is an LLM inference trace, but a carbon intensity series is required");
  }
}
