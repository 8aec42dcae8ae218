package org.orrery.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of invalid Azure LLM inference trace, and the message it produces. */
class AzureLlmTraceErrorTest {

  private static final String HEADER = "TIMESTAMP,ContextTokens,GeneratedTokens\n";
  private static final String ROW_1 = "2023-11-16 18:15:46.6805900,374,44\n";

  private static TraceFormatException failure(String text) {
    return catchThrowableOfType(
        TraceFormatException.class, () -> AzureLlmTraceReaderTest.read(text));
  }

  @Test
  void emptyFile() {
    TraceFormatException error = failure("");

    assertThat(error.lineNumber()).isEqualTo(1);
    assertThat(error).hasMessageStartingWith("fixture.csv, line 1: empty file");
    assertThat(error).hasMessageContaining("TIMESTAMP,ContextTokens,GeneratedTokens");
  }

  @Test
  void headerMissingColumn() {
    TraceFormatException error = failure("TIMESTAMP,ContextTokens\n2023-11-16 18:15:46.6805900,374\n");

    assertThat(error.lineNumber()).isEqualTo(1);
    assertThat(error.offendingText()).isEqualTo("TIMESTAMP,ContextTokens");
    assertThat(error).hasMessageStartingWith("fixture.csv, line 1: missing column GeneratedTokens");
    assertThat(error).hasMessageContaining("\"TIMESTAMP,ContextTokens\"");
    assertThat(error).hasMessageContaining("Expected a header with the columns");
  }

  @Test
  void headerDuplicateColumn() {
    TraceFormatException error =
        failure("TIMESTAMP,ContextTokens,GeneratedTokens,ContextTokens\n");

    assertThat(error.lineNumber()).isEqualTo(1);
    assertThat(error).hasMessageContaining("more than one column matches ContextTokens");
  }

  @Test
  void rowWithTooFewFields() {
    TraceFormatException error = failure(HEADER + ROW_1 + "2023-11-16 18:15:50.9951690,396\n");

    assertThat(error.lineNumber()).isEqualTo(3);
    assertThat(error.offendingText()).isEqualTo("2023-11-16 18:15:50.9951690,396");
    assertThat(error).hasMessageStartingWith("fixture.csv, line 3: row has 2 fields but the header has 3");
    assertThat(error).hasMessageContaining("Add the missing values");
  }

  @Test
  void rowWithTooManyFields() {
    TraceFormatException error = failure(HEADER + "2023-11-16 18:15:50.9951690,396,109,7\n");

    assertThat(error.lineNumber()).isEqualTo(2);
    assertThat(error).hasMessageContaining("row has 4 fields but the header has 3");
    assertThat(error).hasMessageContaining("Remove the extra values");
  }

  @Test
  void nonNumericTokenCount() {
    TraceFormatException error = failure(HEADER + ROW_1 + "2023-11-16 18:15:50.9951690,abc,109\n");

    assertThat(error.lineNumber()).isEqualTo(3);
    assertThat(error.offendingText()).isEqualTo("abc");
    assertThat(error).hasMessageStartingWith("fixture.csv, line 3: invalid ContextTokens value");
    assertThat(error).hasMessageContaining("\"abc\"");
    assertThat(error).hasMessageContaining("Expected a whole number of tokens");
  }

  @Test
  void decimalTokenCount() {
    TraceFormatException error = failure(HEADER + "2023-11-16 18:15:50.9951690,396,10.5\n");

    assertThat(error.offendingText()).isEqualTo("10.5");
    assertThat(error).hasMessageContaining("invalid GeneratedTokens value");
  }

  @Test
  void negativeTokenCount() {
    TraceFormatException error = failure(HEADER + "2023-11-16 18:15:50.9951690,396,-5\n");

    assertThat(error.lineNumber()).isEqualTo(2);
    assertThat(error.offendingText()).isEqualTo("-5");
    assertThat(error).hasMessageStartingWith("fixture.csv, line 2: negative GeneratedTokens value");
    assertThat(error).hasMessageContaining("\"-5\"");
  }

  @Test
  void emptyTokenCount() {
    TraceFormatException error = failure(HEADER + "2023-11-16 18:15:50.9951690,,109\n");

    assertThat(error.lineNumber()).isEqualTo(2);
    assertThat(error).hasMessageContaining("missing ContextTokens value");
    assertThat(error).hasMessageContaining("2023-11-16 18:15:50.9951690,,109");
  }

  @Test
  void tokenCountAboveIntRange() {
    // 2147483648 is Integer.MAX_VALUE + 1.
    TraceFormatException error = failure(HEADER + "2023-11-16 18:15:50.9951690,2147483648,1\n");

    assertThat(error.offendingText()).isEqualTo("2147483648");
    assertThat(error).hasMessageContaining("ContextTokens value too large");
  }

  @Test
  void unparsableTimestamp() {
    TraceFormatException error = failure(HEADER + ROW_1 + "16/11/2023 18:15:50,396,109\n");

    assertThat(error.lineNumber()).isEqualTo(3);
    assertThat(error.offendingText()).isEqualTo("16/11/2023 18:15:50");
    assertThat(error).hasMessageStartingWith("fixture.csv, line 3: invalid TIMESTAMP");
    assertThat(error).hasMessageContaining("YYYY-MM-DD");
    assertThat(error).hasMessageContaining("Expected a timestamp like 2023-11-16 18:17:03.9799600");
  }

  @Test
  void timestampWithNonexistentDate() {
    TraceFormatException error = failure(HEADER + "2023-02-30 00:00:00,1,1\n");

    assertThat(error.offendingText()).isEqualTo("2023-02-30 00:00:00");
    assertThat(error).hasMessageContaining("the date 2023-02-30 does not exist");
  }

  @Test
  void timestampWithHour24() {
    TraceFormatException error = failure(HEADER + "2023-11-16 24:00:00,1,1\n");

    assertThat(error).hasMessageContaining("out of range 00:00:00..23:59:59");
  }

  @Test
  void timestampWithTenFractionDigits() {
    TraceFormatException error = failure(HEADER + "2023-11-16 18:15:46.6805900001,1,1\n");

    assertThat(error).hasMessageContaining("more than 9 fractional digits");
  }

  @Test
  void timestampWithMalformedOffset() {
    TraceFormatException error = failure(HEADER + "2024-05-12 00:00:00+5,1,1\n");

    assertThat(error.offendingText()).isEqualTo("2024-05-12 00:00:00+5");
    assertThat(error).hasMessageContaining("zone offset is not in the form +HH:MM");
  }

  @Test
  void timestampWithTrailingText() {
    TraceFormatException error = failure(HEADER + "2024-05-12 00:00:00 UTC,1,1\n");

    assertThat(error).hasMessageContaining("unexpected text after the seconds");
  }

  @Test
  void timestampEarlierThanPreviousRow() {
    TraceFormatException error =
        failure(HEADER + "2023-11-16 18:15:50.9951690,396,109\n" + ROW_1);

    assertThat(error.lineNumber()).isEqualTo(3);
    assertThat(error.offendingText()).isEqualTo("2023-11-16 18:15:46.6805900");
    assertThat(error)
        .hasMessageStartingWith(
            "fixture.csv, line 3: TIMESTAMP earlier than 2023-11-16T18:15:50.995169Z on line 2");
    assertThat(error).hasMessageContaining("Sort the rows by TIMESTAMP");
  }

  @Test
  void earlierByOffsetOnly() {
    // 01:00+02:00 is 23:00 UTC the day before, so it precedes the first row despite its text.
    TraceFormatException error =
        failure(HEADER + "2024-05-12 00:00:00+00:00,1,1\n" + "2024-05-12 01:00:00+02:00,1,1\n");

    assertThat(error.lineNumber()).isEqualTo(3);
  }

  @Test
  void blankLineBeforeMoreRows() {
    TraceFormatException error = failure(HEADER + ROW_1 + "\n" + "2023-11-16 18:15:50.9951690,396,109\n");

    assertThat(error.lineNumber()).isEqualTo(3);
    assertThat(error).hasMessageStartingWith("fixture.csv, line 3: blank line before more data (next data on line 4)");
  }

  @Test
  void invalidUtf8(@TempDir Path folder) throws IOException {
    // The byte 0xFF never occurs in UTF-8, but a Latin-1 file writes the letter ÿ as 0xFF.
    Path file = folder.resolve("latin1.csv");
    byte[] header = HEADER.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] bytes = new byte[header.length + 2];
    System.arraycopy(header, 0, bytes, 0, header.length);
    bytes[header.length] = (byte) 0xFF;
    bytes[header.length + 1] = '\n';
    Files.write(file, bytes);

    assertThatThrownBy(
            () -> {
              try (AzureLlmTraceReader reader = AzureLlmTraceReader.open(file)) {
                reader.hasNext();
              }
            })
        .isInstanceOf(TraceFormatException.class)
        .hasMessageContaining("not valid UTF-8");
  }

  @Test
  void errorsSurfaceAfterValidRows() {
    AzureLlmTraceReader reader =
        new AzureLlmTraceReader(new StringReader(HEADER + ROW_1 + "x,1,1\n"), "fixture.csv");

    assertThat(reader.next().promptTokens()).isEqualTo(374);
    assertThatThrownBy(reader::hasNext)
        .isInstanceOf(TraceFormatException.class)
        .hasMessageStartingWith("fixture.csv, line 3:");
  }
}
