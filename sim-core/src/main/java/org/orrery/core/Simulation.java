package org.orrery.core;

/**
 * The discrete-event engine that models schedule their events on: a clock in seconds, absolute and
 * relative scheduling, cancellation and synchronous run control over DSOL's
 * {@code DevsSimulator<Double>}.
 *
 * <p>Runs are headless and synchronous: {@link #run()} and {@link #runUntil(double)} return when
 * no event is left in range, and an exception thrown by an event ends the run and reaches the
 * caller unchanged. Events at equal times run by priority (higher first) and then in the order they
 * were scheduled. A simulation is confined to one thread; call {@link #close()} when done so DSOL's
 * idle worker thread ends.
 */
public final class Simulation implements AutoCloseable {
    private final EngineKind kind;
    private final HeadlessDevsSimulator simulator;
    /** The ORRERY kind's event list, used directly to skip DSOL's interface call; null for DSOL kinds. */
    private final QuaternaryHeapEventList heap;

    private double nowSeconds;
    private long nextSequence;
    private long executedEvents;
    private boolean closed;

    /** Creates a simulation on Orrery's engine. */
    public Simulation() {
        this(EngineKind.ORRERY);
    }

    /** Creates a simulation on the given engine kind; all kinds produce the same event order. */
    public Simulation(EngineKind kind) {
        this.kind = kind;
        this.simulator = HeadlessDevsSimulator.create(kind);
        this.heap = kind == EngineKind.ORRERY ? (QuaternaryHeapEventList) simulator.getEventList() : null;
    }

    /** Returns the engine kind. */
    public EngineKind engineKind() {
        return kind;
    }

    /** Returns the current simulation time in seconds since the start of the run. */
    public double now() {
        return nowSeconds;
    }

    /** Returns the number of events executed so far. */
    public long executedEvents() {
        return executedEvents;
    }

    /** Returns the number of events waiting to run. */
    public int pendingEvents() {
        return simulator.getEventList().size();
    }

    /** Schedules {@code action} at absolute time {@code timeSeconds} and returns its event. */
    public Event schedule(double timeSeconds, Runnable action) {
        return scheduleEvent(timeSeconds, new RunnableEvent(action));
    }

    /** Schedules {@code action} {@code delaySeconds} after now and returns its event. */
    public Event scheduleAfter(double delaySeconds, Runnable action) {
        return scheduleEvent(nowSeconds + delaySeconds, new RunnableEvent(action));
    }

    /**
     * Schedules a reusable event at absolute time {@code timeSeconds} with normal priority.
     *
     * @throws IllegalArgumentException if the time is before now or not finite
     * @throws IllegalStateException if the event is already pending
     */
    public <E extends Event> E scheduleEvent(double timeSeconds, E event) {
        return scheduleEvent(timeSeconds, Event.NORMAL_PRIORITY, event);
    }

    /**
     * Schedules a reusable event at {@code timeSeconds}; among events at the same time, a higher
     * {@code priority} (DSOL's range 1 to 10) runs first.
     */
    public <E extends Event> E scheduleEvent(double timeSeconds, short priority, E event) {
        checkOpen();
        if (!(timeSeconds >= nowSeconds) || Double.isInfinite(timeSeconds)) {
            throw new IllegalArgumentException("cannot schedule an event at t=" + timeSeconds
                    + " s: the time must be finite and not before now (t=" + nowSeconds + " s)");
        }
        if (priority < Event.MIN_PRIORITY || priority > Event.MAX_PRIORITY) {
            throw new IllegalArgumentException("event priority " + priority + " is outside DSOL's range "
                    + Event.MIN_PRIORITY + " to " + Event.MAX_PRIORITY);
        }
        if (event.pending) {
            throw new IllegalStateException("event " + event + " is already pending; cancel it before rescheduling");
        }
        // Adding 0.0 turns -0.0 into 0.0, which every event list orders the same way.
        event.timeSeconds = timeSeconds + 0.0;
        event.priority = priority;
        event.sequence = nextSequence++;
        event.owner = this;
        event.pending = true;
        if (heap != null) {
            heap.addEvent(event);
        } else {
            simulator.scheduleEvent(event);
        }
        return event;
    }

    /** Removes a pending event; returns false if it already ran, was cancelled or belongs elsewhere. */
    public boolean cancel(Event event) {
        if (event == null || !event.pending || event.owner != this) {
            return false;
        }
        event.pending = false;
        return simulator.cancelEvent(event);
    }

    /**
     * Runs every event scheduled at or before {@code untilSeconds}, including those that the events
     * themselves schedule in range, then sets the clock to {@code untilSeconds}.
     */
    public void runUntil(double untilSeconds) {
        checkOpen();
        if (untilSeconds < nowSeconds) {
            throw new IllegalArgumentException("cannot run until t=" + untilSeconds + " s: the clock is already at t="
                    + nowSeconds + " s");
        }
        runEvents(untilSeconds);
        if (Double.isFinite(untilSeconds)) {
            nowSeconds = untilSeconds;
        }
    }

    /** Runs until no event remains; the clock stays at the time of the last event. */
    public void run() {
        checkOpen();
        runEvents(Double.POSITIVE_INFINITY);
    }

    /** Ends DSOL's worker thread; the simulation cannot run afterwards. Calling it twice is harmless. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            simulator.release();
        }
    }

    void advanceTo(double timeSeconds) {
        nowSeconds = timeSeconds;
        executedEvents++;
    }

    private void runEvents(double untilSeconds) {
        try {
            if (kind == EngineKind.ORRERY) {
                simulator.runLean(untilSeconds);
            } else {
                simulator.runStock(untilSeconds);
            }
        } finally {
            simulator.setClock(nowSeconds);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the simulation is closed");
        }
    }
}
