package org.orrery.model.inference;

import java.util.Arrays;

/**
 * A measured quantity as a function of one variable, interpolated linearly between measured points.
 *
 * <p>Points are sorted by {@code x} at construction; duplicate {@code x} values keep their mean.
 * {@link #valueAt} clamps to the end points, so callers check {@link #covers} first when they must
 * not extrapolate.
 */
public final class MeasuredCurve {
    private final double[] xs;
    private final double[] ys;

    /**
     * Creates a curve through the points {@code (xs[i], ys[i])}.
     *
     * @throws IllegalArgumentException if the arrays differ in length, are empty, or hold a value that is not finite
     */
    public MeasuredCurve(double[] xs, double[] ys) {
        if (xs.length != ys.length || xs.length == 0) {
            throw new IllegalArgumentException("a measured curve needs as many x as y values and at least one point, got "
                    + xs.length + " and " + ys.length);
        }
        Integer[] order = new Integer[xs.length];
        for (int i = 0; i < order.length; i++) {
            if (!Double.isFinite(xs[i]) || !Double.isFinite(ys[i])) {
                throw new IllegalArgumentException("measured point " + i + " is not finite: (" + xs[i] + ", " + ys[i] + ")");
            }
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(xs[a], xs[b]));

        double[] sortedX = new double[xs.length];
        double[] sortedY = new double[xs.length];
        int count = 0;
        int i = 0;
        while (i < order.length) {
            double x = xs[order[i]];
            double sum = 0;
            int same = 0;
            while (i < order.length && xs[order[i]] == x) {
                sum += ys[order[i]];
                same++;
                i++;
            }
            sortedX[count] = x;
            sortedY[count] = sum / same;
            count++;
        }
        this.xs = Arrays.copyOf(sortedX, count);
        this.ys = Arrays.copyOf(sortedY, count);
    }

    /** Returns the smallest measured x. */
    public double minX() {
        return xs[0];
    }

    /** Returns the largest measured x. */
    public double maxX() {
        return xs[xs.length - 1];
    }

    /** Returns whether {@code x} lies within the measured range. */
    public boolean covers(double x) {
        return x >= xs[0] && x <= xs[xs.length - 1];
    }

    /** Returns the value at {@code x}, interpolated linearly, and the end value outside the measured range. */
    public double valueAt(double x) {
        if (x <= xs[0]) {
            return ys[0];
        }
        int last = xs.length - 1;
        if (x >= xs[last]) {
            return ys[last];
        }
        int index = Arrays.binarySearch(xs, x);
        if (index >= 0) {
            return ys[index];
        }
        int upper = -index - 1;
        int lower = upper - 1;
        double weight = (x - xs[lower]) / (xs[upper] - xs[lower]);
        return ys[lower] + weight * (ys[upper] - ys[lower]);
    }
}
