package org.orrery.traces;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading valid Azure LLM inference traces, one fixture per quirk seen in the published files. */
class AzureLlmTraceReaderTest {

  /** 2023-11-16T00:00:00Z: 53 years after 1970 with 13 leap days, plus 319 days into 2023. */
  private static final long NOV_16_2023_EPOCH_SECOND = (53L * 365 + 13 + 319) * 86_400;

  /** 2024-05-12T00:00:00Z: 54 years after 1970 with 13 leap days, plus 132 days into 2024. */
  private static final long MAY_12_2024_EPOCH_SECOND = (54L * 365 + 13 + 132) * 86_400;

  static List<LlmTraceRecord> read(String text) {
    List<LlmTraceRecord> records = new ArrayList<>();
    new AzureLlmTraceReader(new StringReader(text), "fixture.csv").forEachRemaining(records::add);
    return records;
  }

  @Test
  void form2023SevenDigitsIsExactUtcInstant() {
    List<LlmTraceRecord> records =
        read("TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.9799600,4808,10\n");

    LlmTraceRecord record = records.get(0);
    // 18:17:03 is 18 * 3600 + 17 * 60 + 3 = 65,823 s after midnight; .9799600 is 979,960,000 ns.
    assertThat(record.arrival())
        .isEqualTo(Instant.ofEpochSecond(NOV_16_2023_EPOCH_SECOND + 65_823, 979_960_000));
    assertThat(record.arrival()).isEqualTo(Instant.parse("2023-11-16T18:17:03.979960Z"));
    assertThat(record.promptTokens()).isEqualTo(4808);
    assertThat(record.outputTokens()).isEqualTo(10);
    assertThat(record.lineNumber()).isEqualTo(2);
  }

  @Test
  void arrivalEpochNanosMatchesInstant() {
    LlmTraceRecord record =
        read("TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.9799600,4808,10\n").get(0);

    assertThat(record.arrivalEpochNanos())
        .isEqualTo((NOV_16_2023_EPOCH_SECOND + 65_823) * 1_000_000_000L + 979_960_000L);
  }

  @Test
  void form2024MixedFractionDigitsInOneFile() {
    // The 2024 traces drop the fraction when it is zero and vary its length from row to row.
    String text =
        "TIMESTAMP,ContextTokens,GeneratedTokens\n"
            + "2024-05-12 00:00:00+00:00,100,1\n"
            + "2024-05-12 00:00:00.001163+00:00,200,2\n"
            + "2024-05-12 00:00:00.250+00:00,300,3\n";

    List<LlmTraceRecord> records = read(text);

    assertThat(records).hasSize(3);
    assertThat(records.get(0).arrival()).isEqualTo(Instant.ofEpochSecond(MAY_12_2024_EPOCH_SECOND, 0));
    assertThat(records.get(1).arrival())
        .isEqualTo(Instant.ofEpochSecond(MAY_12_2024_EPOCH_SECOND, 1_163_000));
    assertThat(records.get(2).arrival())
        .isEqualTo(Instant.ofEpochSecond(MAY_12_2024_EPOCH_SECOND, 250_000_000));
  }

  @Test
  void nonUtcOffsetsConvertToUtc() {
    // Each local time minus its offset is midnight UTC, or 0.5 s or 1 s after it.
    String text =
        "TIMESTAMP,ContextTokens,GeneratedTokens\n"
            + "2024-05-11 19:00:00-05:00,1,1\n"
            + "2024-05-12 01:00:00+0100,1,1\n"
            + "2024-05-12 05:30:00.5+05:30,1,1\n"
            + "2024-05-12 02:00:01+02,1,1\n"
            + "2024-05-12T00:00:01Z,1,1\n";

    List<LlmTraceRecord> records = read(text);

    Instant midnight = Instant.ofEpochSecond(MAY_12_2024_EPOCH_SECOND);
    assertThat(records.get(0).arrival()).isEqualTo(midnight);
    assertThat(records.get(1).arrival()).isEqualTo(midnight);
    assertThat(records.get(2).arrival()).isEqualTo(midnight.plusMillis(500));
    assertThat(records.get(3).arrival()).isEqualTo(midnight.plusSeconds(1));
    assertThat(records.get(4).arrival()).isEqualTo(midnight.plusSeconds(1));
  }

  @Test
  void equalArrivalsAreAccepted() {
    String text =
        "TIMESTAMP,ContextTokens,GeneratedTokens\n"
            + "2024-05-12 00:00:00+00:00,1,2\n"
            + "2024-05-12 00:00:00.000+00:00,3,4\n";

    List<LlmTraceRecord> records = read(text);

    assertThat(records).hasSize(2);
    assertThat(records.get(1).arrival()).isEqualTo(records.get(0).arrival());
  }

  @Test
  void reorderedHeaderMatchesByName() {
    String text = "GeneratedTokens,TIMESTAMP,ContextTokens\n7,2023-11-16 18:15:46.6805900,374\n";

    LlmTraceRecord record = read(text).get(0);

    assertThat(record.promptTokens()).isEqualTo(374);
    assertThat(record.outputTokens()).isEqualTo(7);
    assertThat(record.arrival()).isEqualTo(Instant.parse("2023-11-16T18:15:46.680590Z"));
  }

  @Test
  void extraColumnsAreIgnored() {
    String text =
        "Model,TIMESTAMP,ContextTokens,Region,GeneratedTokens\n"
            + "llama,2023-11-16 18:15:46.6805900,374,us-west,44\n";

    LlmTraceRecord record = read(text).get(0);

    assertThat(record.promptTokens()).isEqualTo(374);
    assertThat(record.outputTokens()).isEqualTo(44);
  }

  @Test
  void headerNamesIgnoreCaseAndSpaces() {
    String text = "timestamp, contexttokens ,GENERATEDTOKENS\n2023-11-16 18:15:46.6805900,374,44\n";

    assertThat(read(text)).hasSize(1);
  }

  @Test
  void crlfAndByteOrderMarkAreTolerated() {
    // A spreadsheet export: UTF-8 byte order mark before the header, CRLF after every line.
    String text =
        "\uFEFFTIMESTAMP,ContextTokens,GeneratedTokens\r\n"
            + "2023-11-16 18:15:46.6805900,374,44\r\n"
            + "2023-11-16 18:15:50.9951690,396,109\r\n";

    List<LlmTraceRecord> records = read(text);

    assertThat(records).hasSize(2);
    assertThat(records.get(1).outputTokens()).isEqualTo(109);
    assertThat(records.get(1).lineNumber()).isEqualTo(3);
  }

  @Test
  void lastRowWithoutLineEndIsRead() {
    // The published 2023 files end without a newline after the last row.
    String text =
        "TIMESTAMP,ContextTokens,GeneratedTokens\r\n2023-11-16 19:14:08.4025270,197,183";

    assertThat(read(text)).extracting(LlmTraceRecord::outputTokens).containsExactly(183);
  }

  @Test
  void trailingBlankLinesAreAccepted() {
    String text =
        "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 19:14:08.4025270,197,183\n\n\r\n";

    assertThat(read(text)).hasSize(1);
  }

  @Test
  void headerOnlyGivesNoRecords() {
    assertThat(read("TIMESTAMP,ContextTokens,GeneratedTokens\n")).isEmpty();
  }

  @Test
  void zeroTokenCountsAreAccepted() {
    LlmTraceRecord record =
        read("TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,0,0\n").get(0);

    assertThat(record.promptTokens()).isZero();
    assertThat(record.outputTokens()).isZero();
  }

  @Test
  void maxIntTokenCountIsAccepted() {
    LlmTraceRecord record =
        read("TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,2147483647,1\n")
            .get(0);

    assertThat(record.promptTokens()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void openPathNamesSourceAndStreams(@TempDir Path folder) throws IOException {
    Path file = folder.resolve("trace.csv");
    Files.writeString(
        file,
        "TIMESTAMP,ContextTokens,GeneratedTokens\n"
            + "2023-11-16 18:15:46.6805900,374,44\n"
            + "2023-11-16 18:15:50.9951690,396,109\n",
        StandardCharsets.UTF_8);

    List<LlmTraceRecord> records = new ArrayList<>();
    long count = AzureLlmTraceReader.forEach(TraceSource.ofPath(file), records::add);

    assertThat(count).isEqualTo(2);
    assertThat(records).extracting(LlmTraceRecord::promptTokens).containsExactly(374, 396);
    try (AzureLlmTraceReader reader = AzureLlmTraceReader.open(file)) {
      assertThat(reader.sourceName()).isEqualTo(file.toString());
    }
  }
}
