package org.orrery.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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

/** Reading carbon intensity series in both formats, and each kind of invalid row. */
class CarbonIntensityReaderTest {

  /** 2023-01-01T00:00:00Z: 53 years after 1970 with 13 leap days. */
  private static final long JAN_1_2023_EPOCH_SECOND = (53L * 365 + 13) * 86_400;

  private static final String ELECTRICITY_MAPS_HEADER =
      "Datetime (UTC),Country,Zone Name,Zone Id,Carbon Intensity gCO₂eq/kWh (direct),"
          + "Carbon Intensity gCO₂eq/kWh (LCA),Low Carbon Percentage,Renewable Percentage,"
          + "Data Source,Data Estimated,Data Estimation Method";

  /** The first two hours of the 2023 California file: UTF-8 header with ₂, CRLF line ends. */
  private static final String CALIFORNIA_TWO_HOURS =
      ELECTRICITY_MAPS_HEADER
          + "\r\n"
          + "2023-01-01 00:00:00,USA,CAISO,US-CAL-CISO,238.69,309.75,48.08,39.45,caiso.com,false,\r\n"
          + "2023-01-01 01:00:00,USA,CAISO,US-CAL-CISO,220.25,283.77,53.92,40.63,caiso.com,false,\r\n";

  private static final String TWO_COLUMN_HEADER = "timestamp_utc,grams_per_kwh\n";

  private static List<CarbonIntensityRecord> read(String text, CarbonIntensityColumn column) {
    List<CarbonIntensityRecord> records = new ArrayList<>();
    new CarbonIntensityReader(new StringReader(text), "carbon.csv", column)
        .forEachRemaining(records::add);
    return records;
  }

  private static TraceFormatException failure(String text) {
    return catchThrowableOfType(
        TraceFormatException.class, () -> read(text, CarbonIntensityColumn.DIRECT));
  }

  @Test
  void electricityMapsCrlfSubscriptHeaderFromFile(@TempDir Path folder) throws IOException {
    Path file = folder.resolve("US-CAL-CISO_2023_hourly.csv");
    Files.write(file, CALIFORNIA_TWO_HOURS.getBytes(StandardCharsets.UTF_8));

    List<CarbonIntensityRecord> direct =
        CarbonIntensityReader.readAll(TraceSource.ofPath(file), CarbonIntensityColumn.DIRECT);
    List<CarbonIntensityRecord> lifeCycle =
        CarbonIntensityReader.readAll(TraceSource.ofPath(file), CarbonIntensityColumn.LCA);

    assertThat(direct)
        .containsExactly(
            new CarbonIntensityRecord(Instant.ofEpochSecond(JAN_1_2023_EPOCH_SECOND), 238.69),
            new CarbonIntensityRecord(Instant.ofEpochSecond(JAN_1_2023_EPOCH_SECOND + 3600), 220.25));
    assertThat(lifeCycle)
        .extracting(CarbonIntensityRecord::gramsPerKwh)
        .containsExactly(309.75, 283.77);
  }

  @Test
  void electricityMapsFormatIsDetected() throws IOException {
    try (CarbonIntensityReader reader =
        new CarbonIntensityReader(
            new StringReader(CALIFORNIA_TWO_HOURS), "carbon.csv", CarbonIntensityColumn.DIRECT)) {
      assertThat(reader.format()).isEqualTo(CarbonIntensityReader.Format.ELECTRICITY_MAPS);
    }
  }

  @Test
  void garbledSubscriptStillMatchesColumn() {
    // ₂ (UTF-8 E2 82 82) decoded as Windows-1252 and saved again reads "â‚‚".
    String text =
        CALIFORNIA_TWO_HOURS.replace("gCO₂eq", "gCOâ‚‚eq");

    assertThat(read(text, CarbonIntensityColumn.LCA))
        .extracting(CarbonIntensityRecord::gramsPerKwh)
        .containsExactly(309.75, 283.77);
  }

  @Test
  void irregularDataSourceAndEstimatedRows() {
    // Singapore rows: leading space and semicolons in Data Source, estimated hours with a method.
    String text =
        ELECTRICITY_MAPS_HEADER
            + "\r\n"
            + "2023-01-01 00:00:00,Singapore,Singapore,SG,490.12,512.3,1.1,0.9, ema.gov.sg; emcsg.com,false,\r\n"
            + "2023-01-01 01:00:00,Singapore,Singapore,SG,489.5,511.8,1.1,0.9,,true,ESTIMATED_MODE_BREAKDOWN\r\n";

    assertThat(read(text, CarbonIntensityColumn.DIRECT))
        .extracting(CarbonIntensityRecord::gramsPerKwh)
        .containsExactly(490.12, 489.5);
  }

  @Test
  void zeroIntensityIsAccepted() {
    // Ontario has hours with 0 g/kWh direct intensity.
    String text = TWO_COLUMN_HEADER + "2023-01-01T00:00:00Z,0\n" + "2023-01-01T01:00:00Z,0.0\n";

    assertThat(read(text, CarbonIntensityColumn.DIRECT))
        .extracting(CarbonIntensityRecord::gramsPerKwh)
        .containsExactly(0.0, 0.0);
  }

  @Test
  void twoColumnFormAcceptsIsoForms() {
    // 02:00+02:00 is 00:00Z, so each row starts one hour after the previous one in UTC.
    String text =
        TWO_COLUMN_HEADER
            + "2023-01-01T02:00:00+02:00,100\n"
            + "2023-01-01T01:00:00Z,1.5e2\n"
            + "2023-01-01 02:00:00,200.25\n";

    List<CarbonIntensityRecord> records = read(text, CarbonIntensityColumn.LCA);

    assertThat(records)
        .containsExactly(
            new CarbonIntensityRecord(Instant.ofEpochSecond(JAN_1_2023_EPOCH_SECOND), 100),
            new CarbonIntensityRecord(Instant.ofEpochSecond(JAN_1_2023_EPOCH_SECOND + 3600), 150),
            new CarbonIntensityRecord(Instant.ofEpochSecond(JAN_1_2023_EPOCH_SECOND + 7200), 200.25));
  }

  @Test
  void twoColumnFormIsDetected() throws IOException {
    try (CarbonIntensityReader reader =
        new CarbonIntensityReader(
            new StringReader("grams_per_kwh,timestamp_utc,note\n"), "carbon.csv", CarbonIntensityColumn.DIRECT)) {
      assertThat(reader.format()).isEqualTo(CarbonIntensityReader.Format.TWO_COLUMN);
    }
  }

  @Test
  void headerMatchesNeitherFormat() {
    TraceFormatException error = failure("time,value\n2023-01-01T00:00:00Z,1\n");

    assertThat(error.lineNumber()).isEqualTo(1);
    assertThat(error.offendingText()).isEqualTo("time,value");
    assertThat(error).hasMessageStartingWith("carbon.csv, line 1: missing column Datetime (UTC) or timestamp_utc");
  }

  @Test
  void twoColumnHeaderMissingValueColumn() {
    TraceFormatException error = failure("timestamp_utc,intensity\n");

    assertThat(error).hasMessageStartingWith("carbon.csv, line 1: missing column grams_per_kwh");
  }

  @Test
  void electricityMapsHeaderMissingChosenColumn() {
    String header = "Datetime (UTC),Zone Id,Carbon Intensity gCO₂eq/kWh (direct)\n";

    TraceFormatException error =
        catchThrowableOfType(
            TraceFormatException.class, () -> read(header, CarbonIntensityColumn.LCA));

    assertThat(error.lineNumber()).isEqualTo(1);
    assertThat(error).hasMessageContaining("missing column Carbon Intensity gCO₂eq/kWh (LCA)");
  }

  @Test
  void emptyFile() {
    TraceFormatException error = failure("");

    assertThat(error).hasMessageStartingWith("carbon.csv, line 1: empty file");
  }

  @Test
  void rowsOutOfOrder() {
    TraceFormatException error =
        failure(TWO_COLUMN_HEADER + "2023-01-01T01:00:00Z,10\n" + "2023-01-01T00:00:00Z,20\n");

    assertThat(error.lineNumber()).isEqualTo(3);
    assertThat(error.offendingText()).isEqualTo("2023-01-01T00:00:00Z");
    assertThat(error)
        .hasMessageStartingWith(
            "carbon.csv, line 3: timestamp_utc earlier than 2023-01-01T01:00:00Z on line 2");
    assertThat(error).hasMessageContaining("Sort the rows by time");
  }

  @Test
  void duplicateHour() {
    // A series exported in local time repeats an hour when daylight saving time ends.
    TraceFormatException error =
        failure(TWO_COLUMN_HEADER + "2023-01-01T00:00:00Z,10\n" + "2023-01-01T00:00:00Z,20\n");

    assertThat(error.lineNumber()).isEqualTo(3);
    assertThat(error).hasMessageContaining("the same time as 2023-01-01T00:00:00Z on line 2");
  }

  @Test
  void negativeIntensity() {
    TraceFormatException error = failure(TWO_COLUMN_HEADER + "2023-01-01T00:00:00Z,-3.5\n");

    assertThat(error.lineNumber()).isEqualTo(2);
    assertThat(error.offendingText()).isEqualTo("-3.5");
    assertThat(error).hasMessageStartingWith("carbon.csv, line 2: negative grams_per_kwh value \"-3.5\"");
  }

  @Test
  void nonNumericIntensity() {
    TraceFormatException error =
        failure(TWO_COLUMN_HEADER + "2023-01-01T00:00:00Z,10\n" + "2023-01-01T01:00:00Z,n/a\n");

    assertThat(error.lineNumber()).isEqualTo(3);
    assertThat(error.offendingText()).isEqualTo("n/a");
    assertThat(error).hasMessageStartingWith("carbon.csv, line 3: invalid grams_per_kwh value \"n/a\"");
    assertThat(error).hasMessageContaining("Expected a decimal number of grams CO2e per kWh");
  }

  @Test
  void notANumberIntensity() {
    // Double.parseDouble accepts "NaN", but a data file must not contain it.
    TraceFormatException error = failure(TWO_COLUMN_HEADER + "2023-01-01T00:00:00Z,NaN\n");

    assertThat(error).hasMessageContaining("invalid grams_per_kwh value \"NaN\"");
  }

  @Test
  void infiniteIntensity() {
    // 1e999 overflows a double to Infinity.
    TraceFormatException error = failure(TWO_COLUMN_HEADER + "2023-01-01T00:00:00Z,1e999\n");

    assertThat(error).hasMessageContaining("grams_per_kwh value too large");
  }

  @Test
  void emptyIntensity() {
    TraceFormatException error =
        failure(ELECTRICITY_MAPS_HEADER + "\r\n" + "2023-01-01 00:00:00,USA,CAISO,US-CAL-CISO,,309.75,48.08,39.45,caiso.com,false,\r\n");

    assertThat(error.lineNumber()).isEqualTo(2);
    assertThat(error).hasMessageContaining("missing Carbon Intensity gCO₂eq/kWh (direct) value");
  }

  @Test
  void unparsableTimestamp() {
    TraceFormatException error = failure(TWO_COLUMN_HEADER + "01/01/2023 00:00,10\n");

    assertThat(error.lineNumber()).isEqualTo(2);
    assertThat(error.offendingText()).isEqualTo("01/01/2023 00:00");
    assertThat(error).hasMessageStartingWith("carbon.csv, line 2: invalid timestamp_utc");
  }

  @Test
  void rowWithTooFewFields() {
    TraceFormatException error = failure(TWO_COLUMN_HEADER + "2023-01-01T00:00:00Z\n");

    assertThat(error.lineNumber()).isEqualTo(2);
    assertThat(error).hasMessageContaining("row has 1 field but the header has 2");
  }

  @Test
  void blankLineBeforeMoreRows() {
    TraceFormatException error =
        failure(TWO_COLUMN_HEADER + "2023-01-01T00:00:00Z,10\n\n2023-01-01T01:00:00Z,10\n");

    assertThat(error.lineNumber()).isEqualTo(3);
    assertThat(error).hasMessageContaining("blank line before more data");
  }
}
