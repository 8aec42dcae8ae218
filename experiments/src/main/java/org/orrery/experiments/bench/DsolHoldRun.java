package org.orrery.experiments.bench;

import nl.tudelft.simulation.dsol.eventlists.EventListPriorityQueue;
import nl.tudelft.simulation.dsol.experiment.SingleReplication;
import nl.tudelft.simulation.dsol.formalisms.eventscheduling.Executable;
import nl.tudelft.simulation.dsol.formalisms.eventscheduling.LambdaSimEvent;
import nl.tudelft.simulation.dsol.model.AbstractDsolModel;
import nl.tudelft.simulation.dsol.simulators.DevsSimulator;
import nl.tudelft.simulation.dsol.simulators.DevsSimulatorInterface;
import nl.tudelft.simulation.dsol.simulators.ReplicationState;
import nl.tudelft.simulation.dsol.simulators.RunState;

/**
 * The hold model written the way a DSOL 4.3.2 user writes it: each entity is an
 * {@link Executable} that reschedules itself with {@code scheduleEventAbs}, so DSOL creates a
 * {@link LambdaSimEvent} and a boxed {@code Double} time per event, and events run in DSOL's stock
 * {@link DevsSimulator#run()} loop.
 *
 * <p>Only the driving differs from a DSOL application: the loop runs on the caller's thread up to a
 * horizon instead of on DSOL's worker thread after {@code start()}. The per-event work is the same,
 * because the worker thread calls the same {@code run()} method. The warm-up and end-of-replication
 * events that {@code initialize} schedules are removed, so the list holds only model events.
 */
final class DsolHoldRun implements HoldRun {
    private final SynchronousDevsSimulator simulator;
    private final HoldWorkload workload;

    /**
     * Creates the model with {@code pendingEvents} entities on DSOL's default red-black tree, or on
     * DSOL's {@link EventListPriorityQueue} if {@code priorityQueue} is set.
     */
    DsolHoldRun(int pendingEvents, long seed, boolean priorityQueue) {
        this.simulator = new SynchronousDevsSimulator(priorityQueue);
        this.workload = new HoldWorkload(seed);
        for (int id = 0; id < pendingEvents; id++) {
            simulator.scheduleEventAbs(0.0 + workload.nextDelaySeconds(), new HoldEntity(id));
        }
    }

    @Override
    public void runUntil(double untilSeconds) {
        simulator.runUpToIncluding(untilSeconds);
    }

    @Override
    public HoldWorkload workload() {
        return workload;
    }

    @Override
    public void close() {
        simulator.cleanUp();
    }

    /** One entity: records its execution and schedules its next one through DSOL's lambda API. */
    private final class HoldEntity implements Executable {
        private final int id;

        HoldEntity(int id) {
            this.id = id;
        }

        @Override
        public void execute() {
            double now = simulator.getSimulatorTime();
            workload.recordExecution(id, now);
            simulator.scheduleEventAbs(now + workload.nextDelaySeconds(), this);
        }
    }

    /** A stock {@code DevsSimulator<Double>} whose {@code run()} is called on the caller's thread. */
    private static final class SynchronousDevsSimulator extends DevsSimulator<Double> {
        private static final long serialVersionUID = 1L;

        private RuntimeException failure;

        SynchronousDevsSimulator(boolean priorityQueue) {
            super("bench-dsol");
            initialize(new EmptyModel(this), new SingleReplication<>("bench", 0.0, 0.0, Double.MAX_VALUE));
            eventList.clear();
            if (priorityQueue) {
                setEventList(new EventListPriorityQueue<>());
            }
        }

        /** Runs DSOL's stock loop over every event at or before {@code untilSeconds}. */
        void runUpToIncluding(double untilSeconds) {
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

        /** Stores the exception and stops the loop, so the caller gets it instead of a paused run. */
        @Override
        protected void handleSimulationException(Exception exception) {
            failure = exception instanceof RuntimeException runtime ? runtime : new IllegalStateException(exception);
            runState = RunState.STOPPING;
        }
    }

    /** DSOL requires a model; the hold model's entities are created by {@link DsolHoldRun} instead. */
    private static final class EmptyModel extends AbstractDsolModel<Double, DevsSimulatorInterface<Double>> {
        private static final long serialVersionUID = 1L;

        EmptyModel(DevsSimulatorInterface<Double> simulator) {
            super(simulator);
        }

        @Override
        public void constructModel() {
            // The entities schedule their own events.
        }
    }
}
