package org.orrery.model.inference;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A measured quantity as a function of two variables on a grid whose rows may differ: for each
 * measured {@code x} there is a {@link MeasuredCurve} over {@code y}. A value is interpolated
 * along {@code y} on the two rows that bracket {@code x}, then linearly between those rows.
 *
 * <p>This handles the grids of layer-wise profilers, where the cached-token axis of each row
 * starts and ends at different points. Outside the measured range the value is clamped, so
 * callers check {@link #covers} first.
 */
public final class MeasuredSurface {
    private final double[] rowXs;
    private final MeasuredCurve[] rows;

    /** Creates a surface from its rows, keyed by {@code x}. */
    public MeasuredSurface(Map<Double, MeasuredCurve> rowsByX) {
        if (rowsByX.isEmpty()) {
            throw new IllegalArgumentException("a measured surface needs at least one row");
        }
        TreeMap<Double, MeasuredCurve> sorted = new TreeMap<>(rowsByX);
        this.rowXs = sorted.keySet().stream().mapToDouble(Double::doubleValue).toArray();
        this.rows = sorted.values().toArray(new MeasuredCurve[0]);
    }

    /** Returns whether {@code (x, y)} lies inside the measured rows that bracket {@code x}. */
    public boolean covers(double x, double y) {
        if (x < rowXs[0] || x > rowXs[rowXs.length - 1]) {
            return false;
        }
        int upper = upperRow(x);
        int lower = rowXs[upper] == x ? upper : upper - 1;
        return rows[lower].covers(y) && rows[upper].covers(y);
    }

    /** Returns the interpolated value at {@code (x, y)}, clamped to the measured range. */
    public double valueAt(double x, double y) {
        if (x <= rowXs[0]) {
            return rows[0].valueAt(y);
        }
        int last = rowXs.length - 1;
        if (x >= rowXs[last]) {
            return rows[last].valueAt(y);
        }
        int upper = upperRow(x);
        if (rowXs[upper] == x) {
            return rows[upper].valueAt(y);
        }
        int lower = upper - 1;
        double weight = (x - rowXs[lower]) / (rowXs[upper] - rowXs[lower]);
        return rows[lower].valueAt(y) + weight * (rows[upper].valueAt(y) - rows[lower].valueAt(y));
    }

    /** Returns the index of the first row with {@code rowX >= x}; {@code x} is inside the row range. */
    private int upperRow(double x) {
        int index = Arrays.binarySearch(rowXs, x);
        return index >= 0 ? index : -index - 1;
    }
}
