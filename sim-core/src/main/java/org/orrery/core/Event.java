package org.orrery.core;

import nl.tudelft.simulation.dsol.formalisms.eventscheduling.SimEventInterface;

/**
 * An action scheduled at a point of simulation time. Subclass it to keep a reusable event per
 * entity (no allocation per schedule), or pass a {@link Runnable} to
 * {@link Simulation#schedule(double, Runnable)}.
 *
 * <p>The time, priority and scheduling sequence are primitives, so Orrery's event list compares
 * events without boxing; {@link #getAbsoluteExecutionTime()} boxes only when a DSOL component asks
 * for it. An event is pending in at most one simulation at a time and may be scheduled again once
 * it has run or been cancelled.
 */
public abstract class Event implements SimEventInterface<Double> {
    double timeSeconds;
    short priority = NORMAL_PRIORITY;
    long sequence;
    /** Sequence of this event's live entry in a {@link QuaternaryHeapEventList}, or -1 when not queued there. */
    long queuedSequence = -1;
    Simulation owner;
    boolean pending;

    /** Performs the event's action; the simulation clock already shows the event's time. */
    protected abstract void fire();

    @Override
    public final void execute() {
        Simulation simulation = owner;
        pending = false;
        simulation.advanceTo(timeSeconds);
        fire();
    }

    /** Returns the time this event is or was last scheduled at, in simulation seconds. */
    public final double timeSeconds() {
        return timeSeconds;
    }

    /** Returns whether the event waits in an event list. */
    public final boolean isPending() {
        return pending;
    }

    @Override
    public final Double getAbsoluteExecutionTime() {
        return timeSeconds;
    }

    @Override
    public final short getPriority() {
        return priority;
    }

    @Override
    public final long getId() {
        return sequence;
    }

    /**
     * Orders by time, then by priority (higher first), then by scheduling sequence: DSOL's rule,
     * computed on primitives.
     */
    @Override
    public final int compareTo(SimEventInterface<Double> other) {
        if (other == this) {
            return 0;
        }
        Event event = (Event) other;
        return precedes(this, event) ? -1 : 1;
    }

    static boolean precedes(Event a, Event b) {
        if (a.timeSeconds != b.timeSeconds) {
            return a.timeSeconds < b.timeSeconds;
        }
        if (a.priority != b.priority) {
            return a.priority > b.priority;
        }
        return a.sequence < b.sequence;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[t=" + timeSeconds + ", priority=" + priority + ", seq=" + sequence + "]";
    }
}
