package org.orrery.experiments.sweep;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order in which the local runner's threads take the pending runs of a sweep. Runs of one
 * scenario cost about the same whatever their seed, while scenarios can differ several-fold (2.2 s
 * to 6.0 s a run in the example sweep, measured with one thread). The queue therefore hands out
 * one run of each scenario first, in plan order. It then hands out the rest longest first, judged
 * by the wall time of their scenario's earlier runs. With longest first, the runs left at the end
 * are the short ones, so the threads finish close together.
 *
 * <p>A run of a scenario with no measured run yet (its first run is still going) ranks as the
 * longest seen so far. The order never changes a result, since every run is independent; it only
 * changes when each one starts. Thread-safe.
 *
 * <p>NOTE: the first runs in a JVM also wait for the JIT compiler, so in a sweep of runs under a
 * second or so the estimates mostly reflect which scenarios started first, not their size.
 */
final class RunQueue {
    private final List<RunTask> firsts = new ArrayList<>();
    private final List<RunTask> rest = new ArrayList<>();
    private final Map<String, Double> wallSeconds = new HashMap<>();
    private double longestSeconds;
    private int nextFirst;

    RunQueue(List<RunTask> pending) {
        Set<String> seen = new LinkedHashSet<>();
        for (RunTask task : pending) {
            (seen.add(task.scenario().id()) ? firsts : rest).add(task);
        }
    }

    /** Returns the next run to start, or null when every run has been handed out. */
    synchronized RunTask next() {
        if (nextFirst < firsts.size()) {
            return firsts.get(nextFirst++);
        }
        if (rest.isEmpty()) {
            return null;
        }
        int best = 0;
        for (int i = 1; i < rest.size(); i++) {
            if (estimate(rest.get(i)) > estimate(rest.get(best))) {
                best = i;
            }
        }
        return rest.remove(best);
    }

    /** Records that {@code task} took {@code seconds} of wall time, which ranks its scenario's other runs. */
    synchronized void finished(RunTask task, double seconds) {
        wallSeconds.merge(task.scenario().id(), seconds, Math::max);
        longestSeconds = Math.max(longestSeconds, seconds);
    }

    private double estimate(RunTask task) {
        return wallSeconds.getOrDefault(task.scenario().id(), longestSeconds);
    }
}
