package org.orrery.experiments.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

import org.orrery.core.EngineKind;

/**
 * The engine benchmark: a hold model run on each {@link EngineKind} in one JVM.
 *
 * <p>The model keeps a fixed number of events pending. Each executed event schedules its entity's
 * next event after an exponential delay (mean 1 s) drawn from one seeded stream, so every engine
 * draws the same delays in the same order. A run executes a warm-up phase, which gives the JIT
 * compiler time to compile the engine's hot path, then a measured phase of at least the requested
 * number of events. Phases end at simulation-time horizons derived from executed-event counts,
 * which are equal on every engine, so all engines execute exactly the same events.
 */
public final class EngineBenchmark {
    /** Engines in the order they run and are reported; {@code dsol-stock} is the reference. */
    public static final List<EngineKind> ENGINES =
            List.of(EngineKind.DSOL_STOCK, EngineKind.DSOL_PRIORITY_QUEUE, EngineKind.ORRERY);

    private EngineBenchmark() {
    }

    /**
     * The measured phase of one engine at one pending-event count.
     *
     * @param elapsedSeconds wall-clock time of the measured phase
     * @param cpuSeconds CPU time of the benchmark thread in the measured phase, or NaN if the JVM
     *     does not report it. Unlike wall-clock time, it excludes time the thread waited for a core.
     * @param allocatedBytes bytes allocated by the benchmark thread during the measured phase, or
     *     -1 if the JVM does not report per-thread allocation
     * @param checksum hash of (entity id, time) over every executed event, warm-up included
     */
    public record Result(int pendingEvents, EngineKind engine, long measuredEvents, double elapsedSeconds,
            double cpuSeconds, long allocatedBytes, String checksum) {

        /** Returns the executed events per wall-clock second of the measured phase. */
        public double eventsPerSecond() {
            return measuredEvents / elapsedSeconds;
        }

        /** Returns the executed events per CPU second of the benchmark thread, or NaN if not measured. */
        public double eventsPerCpuSecond() {
            return measuredEvents / cpuSeconds;
        }

        /** Returns allocated bytes per measured event, or NaN if allocation was not measured. */
        public double allocatedBytesPerEvent() {
            return allocatedBytes < 0 ? Double.NaN : (double) allocatedBytes / measuredEvents;
        }
    }

    /** Runs every engine at every pending-event count, grouped by count, engines in {@link #ENGINES} order. */
    public static List<Result> runAll(int[] pendingCounts, long warmupEvents, long measuredEvents, long seed) {
        List<Result> results = new ArrayList<>();
        for (int pendingEvents : pendingCounts) {
            for (EngineKind engine : ENGINES) {
                results.add(run(engine, pendingEvents, warmupEvents, measuredEvents, seed));
            }
        }
        return results;
    }

    /**
     * Runs the hold model with {@code pendingEvents} entities on {@code engine}: {@code warmupEvents}
     * unmeasured events, then at least {@code measuredEvents} measured ones.
     */
    public static Result run(EngineKind engine, int pendingEvents, long warmupEvents, long measuredEvents, long seed) {
        if (pendingEvents < 1 || warmupEvents < 0 || measuredEvents < 1) {
            throw new IllegalArgumentException("invalid hold model size: pending=" + pendingEvents + ", warmup="
                    + warmupEvents + ", measured=" + measuredEvents + " (expected pending >= 1, warmup >= 0, measured >= 1)");
        }
        try (HoldRun run = open(engine, pendingEvents, seed)) {
            HoldWorkload workload = run.workload();
            double horizon = advance(run, 0.0, warmupEvents, pendingEvents);

            System.gc();
            long startEvents = workload.executedEvents();
            long startBytes = currentThreadAllocatedBytes();
            long startCpuNanos = currentThreadCpuNanos();
            long startNanos = System.nanoTime();
            advance(run, horizon, startEvents + measuredEvents, pendingEvents);
            long elapsedNanos = System.nanoTime() - startNanos;
            long endCpuNanos = currentThreadCpuNanos();
            long endBytes = currentThreadAllocatedBytes();

            long executed = workload.executedEvents() - startEvents;
            long allocated = startBytes < 0 ? -1 : endBytes - startBytes;
            double cpuSeconds = startCpuNanos < 0 ? Double.NaN : (endCpuNanos - startCpuNanos) / 1e9;
            return new Result(pendingEvents, engine, executed, elapsedNanos / 1e9, cpuSeconds, allocated,
                    workload.checksumHex());
        }
    }

    private static HoldRun open(EngineKind engine, int pendingEvents, long seed) {
        return switch (engine) {
            case DSOL_STOCK -> new DsolHoldRun(pendingEvents, seed, false);
            case DSOL_PRIORITY_QUEUE -> new DsolHoldRun(pendingEvents, seed, true);
            case ORRERY -> new OrreryHoldRun(pendingEvents, seed);
        };
    }

    /**
     * Advances the run until at least {@code targetEvents} events have executed and returns the last
     * horizon. Each step runs to the time at which the missing events are expected (N pending events
     * execute at N events per simulated second), so the horizons depend only on executed-event
     * counts and are the same on every engine.
     */
    private static double advance(HoldRun run, double horizon, long targetEvents, int pendingEvents) {
        HoldWorkload workload = run.workload();
        while (workload.executedEvents() < targetEvents) {
            long missing = targetEvents - workload.executedEvents();
            horizon += (double) missing / pendingEvents;
            run.runUntil(horizon);
        }
        return horizon;
    }

    /** Returns the bytes allocated so far by this thread, or -1 if the JVM does not report them. */
    private static long currentThreadAllocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
                && threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()) {
            return threads.getCurrentThreadAllocatedBytes();
        }
        return -1;
    }

    /** Returns the CPU time used so far by this thread in nanoseconds, or -1 if the JVM does not report it. */
    private static long currentThreadCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (threads.isCurrentThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled()) {
            return threads.getCurrentThreadCpuTime();
        }
        return -1;
    }
}
