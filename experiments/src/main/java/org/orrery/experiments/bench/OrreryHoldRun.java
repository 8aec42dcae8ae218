package org.orrery.experiments.bench;

import org.orrery.core.EngineKind;
import org.orrery.core.Event;
import org.orrery.core.Simulation;

/**
 * The hold model on Orrery's engine through {@link Simulation}: one reusable {@link Event} per
 * entity, rescheduled from its own {@code fire()}, so the steady state allocates nothing.
 */
final class OrreryHoldRun implements HoldRun {
    private final Simulation simulation = new Simulation(EngineKind.ORRERY);
    private final HoldWorkload workload;

    OrreryHoldRun(int pendingEvents, long seed) {
        this.workload = new HoldWorkload(seed);
        for (int id = 0; id < pendingEvents; id++) {
            simulation.scheduleEvent(0.0 + workload.nextDelaySeconds(), new HoldEvent(id));
        }
    }

    @Override
    public void runUntil(double untilSeconds) {
        simulation.runUntil(untilSeconds);
    }

    @Override
    public HoldWorkload workload() {
        return workload;
    }

    @Override
    public void close() {
        simulation.close();
    }

    /** The single event of one entity: records itself and schedules itself one delay later. */
    private final class HoldEvent extends Event {
        private final int id;

        HoldEvent(int id) {
            this.id = id;
        }

        @Override
        protected void fire() {
            double now = simulation.now();
            workload.recordExecution(id, now);
            simulation.scheduleEvent(now + workload.nextDelaySeconds(), this);
        }
    }
}
