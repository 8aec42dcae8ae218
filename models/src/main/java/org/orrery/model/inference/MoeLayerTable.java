package org.orrery.model.inference;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Measured time of one mixture-of-experts layer on one GPU against the tokens entering it and the
 * distinct experts they activate, as LLMServingSim 2.0's profiler records it in {@code moe.csv}.
 *
 * <p>The table is read along the activated experts first: each measured expert count has a curve
 * over tokens, and a point between two counts interpolates linearly between their curves. The
 * grid is triangular, because {@code t} tokens of top-{@code k} routing activate at most
 * {@code k x t} experts, so the curve of a large expert count starts at more tokens than that of
 * a small one. Where a curve starts above the requested tokens, its first point is used. At few
 * tokens the time hardly depends on them. On the bundled Qwen3-30B-A3B profile (RTX PRO 6000),
 * 32 activated experts take 225.6 to 234.3 us from 4 to 32 tokens, 16 experts 126.8 to 135.2 us
 * and 64 experts (measured from 8 tokens) 423.1 to 429.3 us.
 *
 * <p>Limits: below the smallest measured expert count (the routing's {@code k} on a GPU that
 * stores every expert), the time of that count is used. A GPU of an expert-parallel group can
 * activate fewer experts than {@code k}, so this overstates its time for a token or two. The
 * profiler spreads the tokens evenly over the activated experts. An uneven spread, as a trained
 * router gives, is not measured.
 */
public final class MoeLayerTable {
    private final double[] expertCounts;
    private final MeasuredCurve[] curves;

    /**
     * Creates the table from one curve over tokens per measured count of activated experts.
     *
     * @throws IllegalArgumentException if there is no curve
     */
    public MoeLayerTable(Map<Double, MeasuredCurve> curvesByActivatedExperts) {
        if (curvesByActivatedExperts.isEmpty()) {
            throw new IllegalArgumentException("a mixture-of-experts table needs at least one measured expert count");
        }
        TreeMap<Double, MeasuredCurve> sorted = new TreeMap<>(curvesByActivatedExperts);
        this.expertCounts = sorted.keySet().stream().mapToDouble(Double::doubleValue).toArray();
        this.curves = sorted.values().toArray(new MeasuredCurve[0]);
    }

    /** Returns the smallest measured count of activated experts. */
    public double minActivatedExperts() {
        return expertCounts[0];
    }

    /** Returns the largest measured count of activated experts. */
    public double maxActivatedExperts() {
        return expertCounts[expertCounts.length - 1];
    }

    /** Returns the most tokens measured for any expert count. */
    public double maxTokens() {
        double max = 0;
        for (MeasuredCurve curve : curves) {
            max = Math.max(max, curve.maxX());
        }
        return max;
    }

    /**
     * Returns whether the point lies inside the measured grid: no more experts than the largest
     * measured count, and no more tokens than the curves of the two bracketing counts reach.
     */
    public boolean covers(double tokens, double activatedExperts) {
        if (!(activatedExperts <= maxActivatedExperts()) || !(tokens >= 0)) {
            return false;
        }
        int upper = upperIndex(Math.max(activatedExperts, expertCounts[0]));
        int lower = expertCounts[upper] == activatedExperts || upper == 0 ? upper : upper - 1;
        return tokens <= curves[lower].maxX() && tokens <= curves[upper].maxX();
    }

    /**
     * Returns the interpolated layer time in seconds.
     *
     * @throws IllegalArgumentException if the point is not covered, see {@link #covers}
     */
    public double valueAt(double tokens, double activatedExperts) {
        if (!covers(tokens, activatedExperts)) {
            throw new IllegalArgumentException("the mixture-of-experts layer was not measured at " + tokens
                    + " tokens and " + activatedExperts + " activated experts (measured up to " + maxTokens()
                    + " tokens and " + maxActivatedExperts() + " experts); check covers() first");
        }
        double experts = Math.max(activatedExperts, expertCounts[0]);
        int upper = upperIndex(experts);
        if (expertCounts[upper] == experts) {
            return curves[upper].valueAt(tokens);
        }
        int lower = upper - 1;
        double low = curves[lower].valueAt(tokens);
        double high = curves[upper].valueAt(tokens);
        double weight = (experts - expertCounts[lower]) / (expertCounts[upper] - expertCounts[lower]);
        return low + weight * (high - low);
    }

    /** Returns the index of the first measured count at or above {@code experts}, which lies in the measured range. */
    private int upperIndex(double experts) {
        int index = Arrays.binarySearch(expertCounts, experts);
        return index >= 0 ? index : -index - 1;
    }
}
