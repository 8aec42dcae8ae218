package org.orrery.experiments.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

import org.orrery.core.Event;
import org.orrery.core.Simulation;
import org.orrery.model.inference.LlmRequest;
import org.orrery.model.inference.ServingInstance;
import org.orrery.model.scheduling.Router;
import org.orrery.traces.LlmTraceRecord;
import org.orrery.traces.LlmTraceStream;

/**
 * Replays a trace as arrivals: one pending arrival event at a time, so memory does not grow with
 * the trace. Each row inside the window becomes a request routed at its arrival time. Rows before
 * the window start, and rows with zero prompt or output tokens, are counted and skipped. Reading
 * stops at the window end or after the maximum number of requests.
 */
final class ArrivalFeed extends Event {
    private final Simulation simulation;
    private final LlmTraceStream reader;
    private final long originNanos;
    private final Instant end;
    private final long maxRequests;
    private final Router router;
    private final List<ServingInstance> instances;
    private final RunProgress progress;

    private LlmTraceRecord next;
    private long arrived;
    private long skippedBeforeStart;
    private long skippedWithoutTokens;

    ArrivalFeed(Simulation simulation, LlmTraceStream reader, Instant origin, Instant end, long maxRequests,
            Router router, List<ServingInstance> instances, RunProgress progress) {
        this.simulation = simulation;
        this.reader = reader;
        this.originNanos = origin.getEpochSecond() * 1_000_000_000L + origin.getNano();
        this.end = end;
        this.maxRequests = maxRequests;
        this.router = router;
        this.instances = instances;
        this.progress = progress;
    }

    /** Schedules the first arrival of the window, if any. */
    void start() {
        scheduleNext();
    }

    long arrived() {
        return arrived;
    }

    long skippedBeforeStart() {
        return skippedBeforeStart;
    }

    long skippedWithoutTokens() {
        return skippedWithoutTokens;
    }

    @Override
    protected void fire() {
        LlmTraceRecord record = next;
        LlmRequest request = new LlmRequest(arrived, simulation.now(), record.promptTokens(), record.outputTokens());
        arrived++;
        instances.get(router.route(request, instances)).submit(request);
        if (arrived % RunProgress.INTERVAL_ARRIVALS == 0) {
            progress.update(arrived, simulation.now());
        }
        scheduleNext();
    }

    private void scheduleNext() {
        next = null;
        if (maxRequests > 0 && arrived >= maxRequests) {
            return;
        }
        while (reader.hasNext()) {
            LlmTraceRecord record = reader.next();
            long offsetNanos = record.arrivalEpochNanos() - originNanos;
            if (offsetNanos < 0) {
                skippedBeforeStart++;
                continue;
            }
            if (end != null && !record.arrival().isBefore(end)) {
                return;
            }
            if (record.promptTokens() < 1 || record.outputTokens() < 1) {
                // A request without prompt or output tokens cannot be served; it is counted, not replayed.
                skippedWithoutTokens++;
                continue;
            }
            next = record;
            simulation.scheduleEvent(offsetNanos / 1e9, this);
            return;
        }
    }

    /** Closes the trace reader. */
    void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close trace " + reader.sourceName(), e);
        }
    }
}
