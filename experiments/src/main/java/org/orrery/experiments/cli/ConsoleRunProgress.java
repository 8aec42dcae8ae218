package org.orrery.experiments.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import org.orrery.experiments.run.RunProgress;

/**
 * A one-line progress display on standard error for an interactive terminal: requests so far,
 * simulated time and, when the replay window has an end, the share of the window done. It redraws
 * at most once a second and erases itself with {@link #finish()}.
 */
final class ConsoleRunProgress implements RunProgress {
    private static final long REDRAW_NANOS = 1_000_000_000L;

    private final PrintStream err;
    private final double windowSeconds;
    private long lastDrawNanos = System.nanoTime();
    private boolean drawn;

    /** Creates the display; {@code start} and {@code end} are the replay window, either may be null. */
    ConsoleRunProgress(PrintStream err, Instant start, Instant end) {
        this.err = err;
        this.windowSeconds = start != null && end != null ? Duration.between(start, end).toNanos() / 1e9 : Double.NaN;
    }

    @Override
    public void update(long arrived, double simulatedSeconds) {
        long now = System.nanoTime();
        if (now - lastDrawNanos < REDRAW_NANOS) {
            return;
        }
        lastDrawNanos = now;
        String share = Double.isNaN(windowSeconds) ? ""
                : String.format(Locale.ROOT, " (%.0f%% of the window)", 100 * simulatedSeconds / windowSeconds);
        err.printf(Locale.ROOT, "\r  %,d requests, %,.0f s simulated%s   ", arrived, simulatedSeconds, share);
        err.flush();
        drawn = true;
    }

    /** Erases the line if anything was drawn. */
    void finish() {
        if (drawn) {
            err.print("\r" + " ".repeat(72) + "\r");
            err.flush();
        }
    }
}
