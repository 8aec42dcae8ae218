package org.orrery.model.inference;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Measured attention time of one layer for a mixed batch: one prefill chunk plus a batch of
 * decoding sequences, as one attention call serves them. The table is a function of four
 * variables: the chunk's tokens, the tokens already cached for the chunk's sequence, the number of
 * decoding sequences and the context of each.
 *
 * <p>Each measured (chunk, decodes) pair has a {@link MeasuredSurface} over (cached tokens,
 * decode context). A value is interpolated on the surfaces of the four pairs that bracket the
 * chunk and the decode count, then linearly between them, first along the decode count and then
 * along the chunk. A point is covered only when all four pairs were measured and cover its
 * cached tokens and context, so callers check {@link #covers} and use another model elsewhere.
 */
public final class MixedAttentionTable {
    private final double[] chunks;
    private final double[] decodeCounts;
    /** Surfaces indexed by chunk and decode-count position, null where the pair was not measured. */
    private final MeasuredSurface[][] slices;

    /**
     * Creates a table from its measured slices, keyed by chunk tokens and then by decode count.
     *
     * @throws IllegalArgumentException if there are no slices
     */
    public MixedAttentionTable(Map<Double, Map<Double, MeasuredSurface>> slicesByChunkAndDecodes) {
        TreeSet<Double> decodeSet = new TreeSet<>();
        for (Map<Double, MeasuredSurface> byDecodes : slicesByChunkAndDecodes.values()) {
            decodeSet.addAll(byDecodes.keySet());
        }
        if (decodeSet.isEmpty()) {
            throw new IllegalArgumentException("a mixed attention table needs at least one measured slice");
        }
        TreeMap<Double, Map<Double, MeasuredSurface>> sorted = new TreeMap<>(slicesByChunkAndDecodes);
        this.chunks = sorted.keySet().stream().mapToDouble(Double::doubleValue).toArray();
        this.decodeCounts = decodeSet.stream().mapToDouble(Double::doubleValue).toArray();
        this.slices = new MeasuredSurface[chunks.length][decodeCounts.length];
        int chunkIndex = 0;
        for (Map<Double, MeasuredSurface> byDecodes : sorted.values()) {
            for (Map.Entry<Double, MeasuredSurface> slice : byDecodes.entrySet()) {
                slices[chunkIndex][Arrays.binarySearch(decodeCounts, slice.getKey())] = slice.getValue();
            }
            chunkIndex++;
        }
    }

    /** Returns whether the four measured pairs around (chunk, decodes) exist and cover the cached tokens and context. */
    public boolean covers(double chunk, double cachedTokens, double decodes, double contextTokens) {
        int[] chunkRows = bracket(chunks, chunk);
        int[] decodeRows = bracket(decodeCounts, decodes);
        if (chunkRows == null || decodeRows == null) {
            return false;
        }
        for (int c : chunkRows) {
            for (int d : decodeRows) {
                MeasuredSurface slice = slices[c][d];
                if (slice == null || !slice.covers(cachedTokens, contextTokens)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Returns the interpolated time in seconds.
     *
     * @throws IllegalArgumentException if the point is not covered, see {@link #covers}
     */
    public double valueAt(double chunk, double cachedTokens, double decodes, double contextTokens) {
        if (!covers(chunk, cachedTokens, decodes, contextTokens)) {
            throw new IllegalArgumentException("mixed attention was not measured around a chunk of " + chunk
                    + " tokens over " + cachedTokens + " cached with " + decodes + " decodes of " + contextTokens
                    + " context tokens; check covers() first");
        }
        int[] c = bracket(chunks, chunk);
        int[] d = bracket(decodeCounts, decodes);
        double decodeWeight = weight(decodeCounts, d, decodes);
        double lowerChunk = between(slices[c[0]][d[0]], slices[c[0]][d[1]], decodeWeight, cachedTokens, contextTokens);
        double upperChunk = between(slices[c[1]][d[0]], slices[c[1]][d[1]], decodeWeight, cachedTokens, contextTokens);
        return lowerChunk + weight(chunks, c, chunk) * (upperChunk - lowerChunk);
    }

    private static double between(MeasuredSurface lower, MeasuredSurface upper, double weight, double cachedTokens,
            double contextTokens) {
        double low = lower.valueAt(cachedTokens, contextTokens);
        return low + weight * (upper.valueAt(cachedTokens, contextTokens) - low);
    }

    /** Returns the indices of the grid values below and above {@code x} (equal when x is on the grid), or null outside. */
    private static int[] bracket(double[] grid, double x) {
        if (!(x >= grid[0] && x <= grid[grid.length - 1])) {
            return null;
        }
        int index = Arrays.binarySearch(grid, x);
        if (index >= 0) {
            return new int[] {index, index};
        }
        int upper = -index - 1;
        return new int[] {upper - 1, upper};
    }

    private static double weight(double[] grid, int[] rows, double x) {
        return rows[0] == rows[1] ? 0.0 : (x - grid[rows[0]]) / (grid[rows[1]] - grid[rows[0]]);
    }
}
