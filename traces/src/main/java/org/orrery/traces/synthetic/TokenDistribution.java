package org.orrery.traces.synthetic;

import java.util.Arrays;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * Token counts (prompt or output) drawn from a distribution fitted to a trace.
 *
 * <p>{@link #logNormal} fits a log-normal by maximum likelihood (the mean and standard deviation of
 * the logarithms) and rounds each draw to a whole number clipped to the observed range.
 * {@link #empirical} resamples the observed counts with replacement, which keeps every mode of the
 * data. Both are fitted to one marginal distribution, so prompt and output lengths are drawn
 * independently: a known limit, since real prompt and output lengths are correlated.
 */
public abstract sealed class TokenDistribution permits TokenDistribution.LogNormal, TokenDistribution.Empirical {

    /** Draws one token count, at least 1. */
    public abstract int sample(UniformRandomProvider random);

    /** Returns a one-line description with the fitted parameters, for summaries and logs. */
    public abstract String describe();

    /**
     * Fits a log-normal to {@code counts}.
     *
     * @throws IllegalArgumentException if there are fewer than two counts or a count is below 1
     */
    public static TokenDistribution logNormal(int[] counts) {
        requireSample(counts);
        double sum = 0;
        for (int count : counts) {
            sum += Math.log(count);
        }
        double mu = sum / counts.length;
        double squares = 0;
        for (int count : counts) {
            double deviation = Math.log(count) - mu;
            squares += deviation * deviation;
        }
        double sigma = Math.sqrt(squares / counts.length);
        int min = Arrays.stream(counts).min().orElseThrow();
        int max = Arrays.stream(counts).max().orElseThrow();
        return new LogNormal(mu, sigma, min, max);
    }

    /**
     * Keeps {@code counts} for resampling.
     *
     * @throws IllegalArgumentException if there are fewer than two counts or a count is below 1
     */
    public static TokenDistribution empirical(int[] counts) {
        requireSample(counts);
        return new Empirical(counts.clone());
    }

    private static void requireSample(int[] counts) {
        if (counts.length < 2) {
            throw new IllegalArgumentException("need at least two token counts to fit a distribution, got "
                    + counts.length);
        }
        for (int count : counts) {
            if (count < 1) {
                throw new IllegalArgumentException("token counts must be at least 1, got " + count);
            }
        }
    }

    /** A log-normal with parameters {@code mu} and {@code sigma} of the logarithm, clipped to [min, max]. */
    public static final class LogNormal extends TokenDistribution {
        private final double mu;
        private final double sigma;
        private final int min;
        private final int max;

        LogNormal(double mu, double sigma, int min, int max) {
            this.mu = mu;
            this.sigma = sigma;
            this.min = min;
            this.max = max;
        }

        public double mu() {
            return mu;
        }

        public double sigma() {
            return sigma;
        }

        @Override
        public int sample(UniformRandomProvider random) {
            double value = Math.exp(mu + sigma * ZigguratSampler.NormalizedGaussian.of(random).sample());
            return (int) Math.max(min, Math.min(max, Math.round(value)));
        }

        @Override
        public String describe() {
            return String.format(java.util.Locale.ROOT, "log-normal(mu=%.4f, sigma=%.4f) clipped to [%d, %d]", mu,
                    sigma, min, max);
        }
    }

    /** Resampling of observed counts. */
    public static final class Empirical extends TokenDistribution {
        private final int[] counts;

        Empirical(int[] counts) {
            this.counts = counts;
        }

        @Override
        public int sample(UniformRandomProvider random) {
            return counts[random.nextInt(counts.length)];
        }

        @Override
        public String describe() {
            return "empirical resampling of " + counts.length + " observed counts";
        }
    }
}
