package org.orrery.core;

import java.util.concurrent.atomic.AtomicLong;

import nl.tudelft.simulation.dsol.eventlists.EventListPriorityQueue;
import nl.tudelft.simulation.dsol.experiment.SingleReplication;
import nl.tudelft.simulation.dsol.model.AbstractDsolModel;
import nl.tudelft.simulation.dsol.simulators.DevsSimulator;
import nl.tudelft.simulation.dsol.simulators.DevsSimulatorInterface;
import nl.tudelft.simulation.dsol.simulators.ReplicationState;
import nl.tudelft.simulation.dsol.simulators.RunState;

/**
 * DSOL's {@code DevsSimulator<Double>} driven from the caller's thread.
 *
 * <p>DSOL normally runs a replication on a worker thread and pauses on an exception. Here the caller
 * runs the loop itself and gets the exception back: the stock loop ({@link DevsSimulator#run()})
 * for the DSOL engine kinds, or {@link #runLean} over a {@link QuaternaryHeapEventList}, which
 * skips the per-event monitor, time-changed notification and boxed time comparison of the stock
 * loop. The DSOL worker thread that {@code initialize} starts stays idle and is ended by
 * {@link #cleanUp()}.
 */
final class HeadlessDevsSimulator extends DevsSimulator<Double> {
    private static final long serialVersionUID = 1L;

    /**
     * Guards DSOL's JVM-wide state that is not thread-safe: the naming registry, where each
     * replication binds a context under its id with a lookup-then-bind, and the static maps of
     * djutils' {@code CategoryLogger}, which every simulator's constructor updates. Simulations
     * created or closed in parallel (a sweep's worker threads) would otherwise collide.
     */
    private static final Object DSOL_REGISTRY_LOCK = new Object();
    private static final AtomicLong REPLICATION_COUNT = new AtomicLong();

    private final SingleReplication<Double> replication;
    private RuntimeException failure;

    /** Creates a simulator while holding the lock on DSOL's shared state, which its constructor updates. */
    static HeadlessDevsSimulator create(EngineKind kind) {
        synchronized (DSOL_REGISTRY_LOCK) {
            return new HeadlessDevsSimulator(kind);
        }
    }

    private HeadlessDevsSimulator(EngineKind kind) {
        super("orrery-" + kind.id());
        // A distinct id per simulation, so no two simulations share a registry context.
        replication = new SingleReplication<>("orrery-run-" + REPLICATION_COUNT.incrementAndGet(), 0.0, 0.0,
                Double.MAX_VALUE);
        initialize(new EmptyModel(this), replication);
        // DSOL schedules its own warm-up and end-of-replication events; a headless run ends when
        // the model's events run out or at the caller's horizon instead.
        eventList.clear();
        if (kind == EngineKind.ORRERY) {
            setEventList(new QuaternaryHeapEventList());
        } else if (kind == EngineKind.DSOL_PRIORITY_QUEUE) {
            setEventList(new EventListPriorityQueue<>());
        }
    }

    /**
     * Runs DSOL's stock loop on this thread over every event at or before {@code untilSeconds}.
     *
     * <p>NOTE: DSOL's stock scheduling logs each event through djutils' {@code CategoryLogger}, whose
     * static maps another thread's simulator construction may change at the same time; only
     * construction takes {@link #DSOL_REGISTRY_LOCK}, so parallel runs on the DSOL engine kinds are
     * not fully guarded. The Orrery engine kind does not log while it runs.
     */
    void runStock(double untilSeconds) {
        failure = null;
        runUntilTime = untilSeconds;
        runUntilIncluding = true;
        replicationState = ReplicationState.STARTED;
        runState = RunState.STARTED;
        try {
            run();
        } finally {
            runState = RunState.STOPPED;
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Runs the lean loop over every event at or before {@code untilSeconds}; exceptions propagate. */
    void runLean(double untilSeconds) {
        QuaternaryHeapEventList heap = (QuaternaryHeapEventList) eventList;
        runState = RunState.STARTED;
        try {
            while (heap.size() > 0 && heap.firstTimeSeconds() <= untilSeconds) {
                heap.removeFirst().execute();
            }
        } finally {
            runState = RunState.STOPPED;
        }
    }

    /** Sets DSOL's clock, which the stock loop leaves at its horizon and the lean loop never moves. */
    void setClock(double timeSeconds) {
        simulatorTime = timeSeconds;
    }

    /** Ends DSOL's worker thread and removes the replication's context from DSOL's registry. */
    void release() {
        cleanUp();
        synchronized (DSOL_REGISTRY_LOCK) {
            replication.removeFromContext();
        }
    }

    /** Stores the exception and stops the stock loop, so {@link #runStock} can rethrow it. */
    @Override
    protected void handleSimulationException(Exception exception) {
        failure = exception instanceof RuntimeException runtime ? runtime : new IllegalStateException(exception);
        runState = RunState.STOPPING;
    }

    /** The DSOL model slot: Orrery builds its model outside DSOL, so this one constructs nothing. */
    private static final class EmptyModel extends AbstractDsolModel<Double, DevsSimulatorInterface<Double>> {
        private static final long serialVersionUID = 1L;

        EmptyModel(DevsSimulatorInterface<Double> simulator) {
            super(simulator);
        }

        @Override
        public void constructModel() {
            // Nothing to build: entities schedule their own events through Simulation.
        }
    }
}
