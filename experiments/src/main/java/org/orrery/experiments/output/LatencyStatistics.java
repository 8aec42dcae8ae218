package org.orrery.experiments.output;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;

/**
 * Mean and percentiles of a latency sample. Percentiles interpolate linearly between order
 * statistics (Hyndman and Fan type 7, the default of numpy and R), so a notebook computing them
 * from {@code requests.csv} gets the same numbers.
 */
final class LatencyStatistics {
    private LatencyStatistics() {
    }

    /** Returns {@code mean, p50, p90, p99} of the finite values, or nulls when there are none. */
    static Map<String, Object> summarize(double[] values) {
        double[] finite = Arrays.stream(values).filter(Double::isFinite).toArray();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("count", finite.length);
        if (finite.length == 0) {
            summary.put("mean", null);
            summary.put("p50", null);
            summary.put("p90", null);
            summary.put("p99", null);
            return summary;
        }
        Percentile percentile = new Percentile().withEstimationType(EstimationType.R_7);
        percentile.setData(finite);
        summary.put("mean", Arrays.stream(finite).sum() / finite.length);
        summary.put("p50", percentile.evaluate(50));
        summary.put("p90", percentile.evaluate(90));
        summary.put("p99", percentile.evaluate(99));
        return summary;
    }
}
