package org.orrery.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Orders of workloads large enough to use the heap's far tier (more than
 * {@link QuaternaryHeapEventList#NEAR_LIMIT} pending events), checked against an independent sort
 * by (time, scheduling sequence).
 */
class FarTierOrderTest {

    /**
     * 100,000 events at random times, a third of them cancelled and half of those rescheduled, and
     * every executed event scheduling a follow-up at a random later time: the hold pattern whose
     * new events mostly land in the far tier.
     */
    @Test
    void holdWorkloadMatchesSortedOrder() {
        Random random = new Random(3);
        List<double[]> expected = new ArrayList<>();
        List<double[]> executed = new ArrayList<>();
        long[] sequence = {0};
        try (Simulation simulation = new Simulation(EngineKind.ORRERY)) {
            List<Keyed> events = new ArrayList<>();
            for (int i = 0; i < 100_000; i++) {
                Keyed event = new Keyed(executed, simulation, random, expected, sequence);
                event.key = new double[] {random.nextInt(1_000_000) / 1000.0, sequence[0]++};
                events.add(simulation.scheduleEvent(event.key[0], event));
            }
            for (int i = 0; i < events.size(); i += 3) {
                Keyed event = events.get(i);
                simulation.cancel(event);
                if (i % 2 == 0) {
                    event.key = new double[] {random.nextInt(1_000_000) / 1000.0, sequence[0]++};
                    simulation.scheduleEvent(event.key[0], event);
                }
            }
            for (Keyed event : events) {
                if (event.isPending()) {
                    expected.add(event.key);
                }
            }
            simulation.run();
        }
        expected.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));

        assertThat(executed).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            double[] actual = executed.get(i);
            double[] wanted = expected.get(i);
            if (actual != wanted) {
                fail("event %d ran at t=%s with sequence %s, expected t=%s with sequence %s", i, actual[0], actual[1],
                        wanted[0], wanted[1]);
            }
        }
    }

    /** 80,000 events at one time cannot be split by time, so they stay in one tier and run in scheduling order. */
    @Test
    void equalTimesKeepSchedulingOrder() {
        List<Integer> order = new ArrayList<>();
        try (Simulation simulation = new Simulation(EngineKind.ORRERY)) {
            for (int i = 0; i < 80_000; i++) {
                int label = i;
                simulation.schedule(7.0, () -> order.add(label));
            }
            simulation.run();
        }

        assertThat(order).hasSize(80_000).isSorted();
    }

    /**
     * An event that runs three times: each run schedules the next one up to 2 s later, or in one case
     * of five at the same instant. Follow-ups join the expected list when they are scheduled.
     */
    private static final class Keyed extends Event {
        private final List<double[]> executed;
        private final Simulation simulation;
        private final Random random;
        private final List<double[]> expected;
        private final long[] sequence;
        private double[] key;
        private int runs;

        Keyed(List<double[]> executed, Simulation simulation, Random random, List<double[]> expected, long[] sequence) {
            this.executed = executed;
            this.simulation = simulation;
            this.random = random;
            this.expected = expected;
            this.sequence = sequence;
        }

        @Override
        protected void fire() {
            executed.add(key);
            runs++;
            if (runs < 3) {
                double delay = random.nextInt(5) == 0 ? 0.0 : random.nextInt(2_000) / 1000.0;
                key = new double[] {simulation.now() + delay, sequence[0]++};
                expected.add(key);
                simulation.scheduleEvent(key[0], this);
            }
        }
    }
}
