package org.orrery.traces;

import java.time.Instant;
import java.util.Objects;

/**
 * Average grid carbon intensity over one interval of a series.
 *
 * @param hourStart start of the interval in UTC. Electricity Maps files are hourly, so this is the
 *     start of an hour. In the two-column form it is the start of whatever interval the user's
 *     series has, and the value applies until the next record starts.
 * @param gramsPerKwh grams of CO2-equivalent emitted per kilowatt-hour consumed, at least 0
 */
public record CarbonIntensityRecord(Instant hourStart, double gramsPerKwh) {

  /** Validates the components. */
  public CarbonIntensityRecord {
    Objects.requireNonNull(hourStart, "hourStart");
    if (!(gramsPerKwh >= 0) || Double.isInfinite(gramsPerKwh)) {
      throw new IllegalArgumentException(
          "gramsPerKwh must be finite and >= 0, got " + gramsPerKwh);
    }
  }
}
