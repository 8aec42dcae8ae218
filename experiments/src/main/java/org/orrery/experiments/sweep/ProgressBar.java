package org.orrery.experiments.sweep;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar for an interactive terminal, redrawn in place with a carriage return:
 * finished runs, failures, elapsed time and an estimate of the time left.
 */
final class ProgressBar implements SweepRunner.Progress {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    private int total;

    ProgressBar(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void started(int runs, int alreadyFinished) {
        total = runs;
        draw(alreadyFinished, 0, alreadyFinished);
    }

    @Override
    public synchronized void finished(int done, int failed, int skipped) {
        draw(done, failed, skipped);
        if (done == total) {
            out.println();
        }
    }

    private void draw(int done, int failed, int skipped) {
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        int ran = done - skipped;
        int left = total - done;
        String eta = ran > 0 && left > 0 ? " ETA " + clock(elapsed / ran * left) : "";
        int filled = total == 0 ? WIDTH : done * WIDTH / total;
        out.print(String.format(Locale.ROOT, "\r[%s%s] %d/%d runs%s, %s elapsed%s   ", "#".repeat(filled),
                ".".repeat(WIDTH - filled), done, total, failed > 0 ? ", " + failed + " failed" : "", clock(elapsed), eta));
        out.flush();
    }

    private static String clock(double seconds) {
        long whole = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d", whole / 60, whole % 60);
    }
}
