package org.orrery.experiments.cli;

import java.util.Locale;

/** Formatting of counts in command output, such as {@code 1 seed} and {@code 4 seeds}. */
final class Counts {
    private Counts() {
    }

    /**
     * Returns {@code count} followed by {@code noun}, with an {@code s} appended unless the count
     * is 1, so {@code noun} must have a regular plural.
     */
    static String of(long count, String noun) {
        return String.format(Locale.ROOT, "%d %s", count, count == 1 ? noun : noun + "s");
    }
}
