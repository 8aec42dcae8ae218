package org.orrery.experiments.sweep;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * The mean of a sample and the half-width of its two-sided 95% confidence interval from Student's
 * t distribution: {@code t(0.975, n - 1) * s / sqrt(n)}, with {@code s} the sample standard
 * deviation. The half-width is NaN for fewer than two values.
 *
 * @param mean the sample mean
 * @param halfWidth the half-width of the interval, in the unit of the values
 * @param count the number of values
 */
public record ConfidenceInterval(double mean, double halfWidth, int count) {
    private static final double LEVEL = 0.95;

    /** Computes the interval of {@code values}; NaN values are left out. */
    public static ConfidenceInterval of(double[] values) {
        int count = 0;
        double sum = 0;
        for (double value : values) {
            if (!Double.isNaN(value)) {
                count++;
                sum += value;
            }
        }
        if (count == 0) {
            return new ConfidenceInterval(Double.NaN, Double.NaN, 0);
        }
        double mean = sum / count;
        if (count < 2) {
            return new ConfidenceInterval(mean, Double.NaN, count);
        }
        double squares = 0;
        for (double value : values) {
            if (!Double.isNaN(value)) {
                squares += (value - mean) * (value - mean);
            }
        }
        double standardDeviation = Math.sqrt(squares / (count - 1));
        double t = new TDistribution(null, count - 1).inverseCumulativeProbability(1 - (1 - LEVEL) / 2);
        return new ConfidenceInterval(mean, t * standardDeviation / Math.sqrt(count), count);
    }
}
