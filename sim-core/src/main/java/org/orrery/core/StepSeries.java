package org.orrery.core;

import java.util.Arrays;

/**
 * A piecewise-constant quantity over simulation time (power, busy GPUs, queue length) with its exact
 * integral, in total and per fixed-width time bin. The value changes only through {@link #set} and
 * {@link #add}; between changes it is constant, so the integral is a sum of value x duration with
 * no sampling error. Bin {@code i} covers {@code [i*binSeconds, (i+1)*binSeconds)}.
 */
public final class StepSeries {
    private final double binSeconds;
    private double value;
    private double lastTimeSeconds;
    private double integral;
    private double[] bins = new double[16];
    private int binCount;

    /**
     * Creates a series that starts at time 0 with {@code initialValue}.
     *
     * @throws IllegalArgumentException if {@code binSeconds} is not positive
     */
    public StepSeries(double binSeconds, double initialValue) {
        if (!(binSeconds > 0) || Double.isInfinite(binSeconds)) {
            throw new IllegalArgumentException("bin width must be positive and finite, got " + binSeconds + " s");
        }
        this.binSeconds = binSeconds;
        this.value = initialValue;
    }

    /** Sets the value from {@code timeSeconds} on. */
    public void set(double timeSeconds, double newValue) {
        advance(timeSeconds);
        value = newValue;
    }

    /** Adds {@code delta} to the value from {@code timeSeconds} on. */
    public void add(double timeSeconds, double delta) {
        advance(timeSeconds);
        value += delta;
    }

    /**
     * Integrates the current value up to {@code timeSeconds}.
     *
     * @throws IllegalArgumentException if the time is before the last change
     */
    public void advance(double timeSeconds) {
        if (timeSeconds < lastTimeSeconds) {
            throw new IllegalArgumentException("step series cannot go back in time: t=" + timeSeconds
                    + " s is before the last change at t=" + lastTimeSeconds + " s");
        }
        if (timeSeconds == lastTimeSeconds) {
            return;
        }
        integral += value * (timeSeconds - lastTimeSeconds);
        double start = lastTimeSeconds;
        while (start < timeSeconds) {
            int bin = (int) (start / binSeconds);
            double binEnd = (bin + 1) * binSeconds;
            if (binEnd <= start) {
                // start / binSeconds rounded below a boundary that (bin + 1) * binSeconds rounds onto.
                bin++;
                binEnd = (bin + 1) * binSeconds;
            }
            double end = Math.min(binEnd, timeSeconds);
            addToBin(bin, value * (end - start));
            start = end;
        }
        lastTimeSeconds = timeSeconds;
    }

    /** Returns the current value. */
    public double value() {
        return value;
    }

    /** Returns the integral of the value from time 0 to the last change or advance, in value x seconds. */
    public double integral() {
        return integral;
    }

    /** Returns the time up to which the series has been integrated. */
    public double integratedUntilSeconds() {
        return lastTimeSeconds;
    }

    /** Returns the bin width in seconds. */
    public double binSeconds() {
        return binSeconds;
    }

    /** Returns the number of bins touched so far. */
    public int binCount() {
        return binCount;
    }

    /** Returns the integral within bin {@code index}; zero for a bin the series has not reached. */
    public double binIntegral(int index) {
        return index < binCount ? bins[index] : 0.0;
    }

    private void addToBin(int bin, double amount) {
        if (bin >= bins.length) {
            bins = Arrays.copyOf(bins, Math.max(bins.length * 2, bin + 1));
        }
        bins[bin] += amount;
        binCount = Math.max(binCount, bin + 1);
    }
}
