package org.orrery.traces.synthetic;

/**
 * An arrival rate that follows the time of day: {@code mean x (1 + amplitude x cos(2 pi (h - peak) / 24))},
 * where {@code h} is the hour of the day in UTC. Its mean over any whole number of days is
 * {@code meanPerSecond}; the rate ranges from {@code mean x (1 - amplitude)} at night to
 * {@code mean x (1 + amplitude)} at {@code peakHourUtc}.
 *
 * <p>Limits: one sinusoid per day, the same every day, so weekday and weekend differences and
 * bursts are not reproduced.
 *
 * @param meanPerSecond mean arrivals per second
 * @param amplitude relative swing around the mean, in [0, 1)
 * @param peakHourUtc hour of the day (UTC, 0 to 24) with the highest rate
 */
public record DiurnalRate(double meanPerSecond, double amplitude, double peakHourUtc) {
    private static final double SECONDS_PER_DAY = 86_400.0;

    /**
     * Validates the parameters.
     *
     * @throws IllegalArgumentException if the mean is not positive, the amplitude is outside [0, 1)
     *     or the peak hour is outside [0, 24)
     */
    public DiurnalRate {
        if (!(meanPerSecond > 0) || Double.isInfinite(meanPerSecond)) {
            throw new IllegalArgumentException("mean arrival rate must be positive, got " + meanPerSecond + " per s");
        }
        if (!(amplitude >= 0 && amplitude < 1)) {
            throw new IllegalArgumentException("diurnal amplitude must be in [0, 1), got " + amplitude);
        }
        if (!(peakHourUtc >= 0 && peakHourUtc < 24)) {
            throw new IllegalArgumentException("peak hour must be in [0, 24), got " + peakHourUtc);
        }
    }

    /** Returns the rate in arrivals per second at {@code epochSeconds} (seconds since 1970-01-01 UTC). */
    public double perSecondAt(double epochSeconds) {
        double hour = (epochSeconds % SECONDS_PER_DAY) / 3600.0;
        return meanPerSecond * (1 + amplitude * Math.cos(2 * Math.PI * (hour - peakHourUtc) / 24.0));
    }

    /** Returns the highest rate, the bound used to thin a homogeneous Poisson process. */
    public double maxPerSecond() {
        return meanPerSecond * (1 + amplitude);
    }
}
