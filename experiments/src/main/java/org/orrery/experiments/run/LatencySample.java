package org.orrery.experiments.run;

import java.util.Arrays;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;

import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;

/**
 * A latency sample whose memory does not grow with the number of requests beyond a fixed cap.
 *
 * <p>Up to {@link #EXACT_LIMIT} values are kept, and quantiles interpolate linearly between order
 * statistics (Hyndman and Fan type 7, numpy's default). Past that limit the values move into a
 * DDSketch with a relative accuracy of {@link #SKETCH_RELATIVE_ACCURACY}: every quantile it returns
 * is within 0.1% of the exact value of a nearby rank. The mean is always exact. Non-finite values
 * (for example TPOT of a one-token request) are not recorded.
 */
public final class LatencySample {
    /** Values kept exactly before switching to the sketch: 8 MB of doubles per sample. */
    public static final int EXACT_LIMIT = 1_000_000;

    /** Relative accuracy of the sketch used past {@link #EXACT_LIMIT}. */
    public static final double SKETCH_RELATIVE_ACCURACY = 0.001;

    private double[] values = new double[1024];
    private int count;
    private long total;
    private double sum;
    private DDSketch sketch;

    /** Records one value; NaN and infinite values are ignored. */
    public void add(double value) {
        if (!Double.isFinite(value)) {
            return;
        }
        total++;
        sum += value;
        if (sketch != null) {
            sketch.accept(value);
            return;
        }
        if (count == values.length) {
            if (count >= EXACT_LIMIT) {
                switchToSketch();
                sketch.accept(value);
                return;
            }
            values = Arrays.copyOf(values, Math.min(EXACT_LIMIT, count * 2));
        }
        values[count++] = value;
    }

    /** Returns the number of recorded values. */
    public long count() {
        return total;
    }

    /** Returns the exact mean, or NaN without values. */
    public double mean() {
        return total == 0 ? Double.NaN : sum / total;
    }

    /** Returns whether quantiles are exact. */
    public boolean isExact() {
        return sketch == null;
    }

    /** Returns the {@code percent} percentile (0 to 100), or NaN without values. */
    public double percentile(double percent) {
        if (total == 0) {
            return Double.NaN;
        }
        if (sketch != null) {
            return sketch.getValueAtQuantile(percent / 100.0);
        }
        Percentile percentile = new Percentile().withEstimationType(EstimationType.R_7);
        return percentile.evaluate(values, 0, count, percent);
    }

    /** Returns {@code points} values evenly spaced in rank from the lowest to the highest, for a CDF plot. */
    public double[] quantiles(int points) {
        double[] result = new double[total == 0 ? 0 : points];
        if (total == 0) {
            return result;
        }
        double[] sorted = sketch == null ? Arrays.copyOf(values, count) : null;
        if (sorted != null) {
            Arrays.sort(sorted);
        }
        for (int i = 0; i < points; i++) {
            double quantile = points == 1 ? 1.0 : (double) i / (points - 1);
            result[i] = sorted != null ? sorted[(int) Math.round(quantile * (sorted.length - 1))]
                    : sketch.getValueAtQuantile(quantile);
        }
        return result;
    }

    private void switchToSketch() {
        sketch = DDSketches.unboundedDense(SKETCH_RELATIVE_ACCURACY);
        for (int i = 0; i < count; i++) {
            sketch.accept(values[i]);
        }
        values = null;
        count = 0;
    }
}
