package org.orrery.model.carbon;

import java.util.Arrays;

/**
 * Intensity from a series of (start time, value) points, each value holding until the next start;
 * the last value holds for {@code lastStepSeconds} (one hour for hourly data). Integrals are exact
 * sums over the steps that an interval overlaps.
 *
 * <p>Limits: a time before the first point or after the end of the last step fails with a
 * {@link CarbonSeriesRangeException} naming the covered range, because guessing an intensity there
 * would bias the carbon total without a trace.
 */
public final class StepCarbonIntensity implements CarbonIntensity {
    private final double[] startSeconds;
    private final double[] gramsPerKwh;
    private final double endSeconds;
    private final String description;
    private int cursor;

    /**
     * Creates the series.
     *
     * @param startSeconds step starts in simulation seconds, strictly increasing
     * @param gramsPerKwh value of each step, non-negative
     * @param lastStepSeconds duration of the last step
     * @param description where the series comes from, for error messages
     * @throws IllegalArgumentException if the arrays are empty or differ in length, or a start or value is invalid
     */
    public StepCarbonIntensity(double[] startSeconds, double[] gramsPerKwh, double lastStepSeconds, String description) {
        if (startSeconds.length == 0 || startSeconds.length != gramsPerKwh.length) {
            throw new IllegalArgumentException(description + ": need one value per step start, got "
                    + startSeconds.length + " starts and " + gramsPerKwh.length + " values");
        }
        for (int i = 0; i < startSeconds.length; i++) {
            if (i > 0 && !(startSeconds[i] > startSeconds[i - 1])) {
                throw new IllegalArgumentException(description + ": step starts must increase, but step " + i + " at "
                        + startSeconds[i] + " s follows " + startSeconds[i - 1] + " s");
            }
            if (!(gramsPerKwh[i] >= 0) || Double.isInfinite(gramsPerKwh[i])) {
                throw new IllegalArgumentException(description + ": step " + i + " has invalid intensity "
                        + gramsPerKwh[i] + " g/kWh");
            }
        }
        if (!(lastStepSeconds > 0)) {
            throw new IllegalArgumentException(description + ": last step duration must be positive, got "
                    + lastStepSeconds);
        }
        this.startSeconds = startSeconds.clone();
        this.gramsPerKwh = gramsPerKwh.clone();
        this.endSeconds = startSeconds[startSeconds.length - 1] + lastStepSeconds;
        this.description = description;
    }

    @Override
    public double gramsPerKwhAt(double timeSeconds) {
        return gramsPerKwh[stepAt(timeSeconds)];
    }

    @Override
    public double integral(double fromSeconds, double toSeconds) {
        if (toSeconds <= fromSeconds) {
            return 0.0;
        }
        if (toSeconds > endSeconds) {
            stepAt(toSeconds);
        }
        int step = stepAt(fromSeconds);
        double total = 0.0;
        double start = fromSeconds;
        while (start < toSeconds) {
            double stepEnd = step + 1 < startSeconds.length ? startSeconds[step + 1] : endSeconds;
            double end = Math.min(stepEnd, toSeconds);
            total += gramsPerKwh[step] * (end - start);
            start = end;
            step++;
        }
        return total;
    }

    /** Finds the step containing the time, starting from the last one found since queries mostly move forward. */
    private int stepAt(double timeSeconds) {
        if (timeSeconds < startSeconds[0] || timeSeconds > endSeconds) {
            throw new CarbonSeriesRangeException(description + " covers simulation times " + startSeconds[0] + " s to "
                    + endSeconds + " s, but t=" + timeSeconds + " s was requested: use a carbon series that covers "
                    + "the whole run, or a constant intensity", timeSeconds, startSeconds[0], endSeconds);
        }
        if (startSeconds[cursor] <= timeSeconds
                && (cursor + 1 == startSeconds.length || timeSeconds < startSeconds[cursor + 1])) {
            return cursor;
        }
        int found = Arrays.binarySearch(startSeconds, timeSeconds);
        cursor = found >= 0 ? found : -found - 2;
        return cursor;
    }
}
