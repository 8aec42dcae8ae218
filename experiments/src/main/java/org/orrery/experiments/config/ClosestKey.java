package org.orrery.experiments.config;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Lookup of the known key closest to a misspelled one, for the "did you mean" of an unknown-key error.
 * Closeness is the optimal string alignment distance (Levenshtein plus swaps of adjacent
 * characters), ignoring case.
 */
public final class ClosestKey {
    private ClosestKey() {
    }

    /**
     * Returns the known key closest to {@code unknown}, or empty when none is close enough to be a
     * likely typo: at most 1 edit for keys of up to 5 characters, 2 up to 8, and 3 beyond. Among
     * equally close keys, the first in {@code known} wins.
     */
    public static Optional<String> find(String unknown, Collection<String> known) {
        int limit = maxEdits(unknown.length());
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(unknown.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (distance <= limit && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Returns the catalog name closest to {@code unknown}, ignoring case: the result of
     * {@link #find}, or else the only name that starts with {@code unknown}, such as
     * {@code Qwen3-30B-A3B-Instruct-2507} for {@code Qwen3-30B-A3B}. A prefix of fewer than 3
     * characters, or one shared by several names, gives no suggestion.
     */
    public static Optional<String> findName(String unknown, Collection<String> known) {
        Optional<String> close = find(unknown, known);
        if (close.isPresent() || unknown.length() < 3) {
            return close;
        }
        String prefix = unknown.toLowerCase(Locale.ROOT);
        List<String> extensions = known.stream()
                .filter(candidate -> candidate.toLowerCase(Locale.ROOT).startsWith(prefix))
                .toList();
        return extensions.size() == 1 ? Optional.of(extensions.get(0)) : Optional.empty();
    }

    private static int maxEdits(int length) {
        if (length <= 5) {
            return 1;
        }
        return length <= 8 ? 2 : 3;
    }

    /** Returns the optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
