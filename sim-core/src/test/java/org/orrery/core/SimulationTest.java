package org.orrery.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SimulationTest {

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void equalTimeEventsRunInSchedulingOrder(EngineKind kind) {
        List<Integer> order = new ArrayList<>();
        try (Simulation simulation = new Simulation(kind)) {
            for (int i = 0; i < 50; i++) {
                int label = i;
                simulation.schedule(5.0, () -> order.add(label));
            }
            simulation.run();
        }

        assertThat(order).hasSize(50).isSorted();
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void higherPriorityRunsFirstAtEqualTime(EngineKind kind) {
        List<String> order = new ArrayList<>();
        try (Simulation simulation = new Simulation(kind)) {
            simulation.scheduleEvent(1.0, (short) 3, new Recording(order, "low"));
            simulation.scheduleEvent(1.0, (short) 9, new Recording(order, "high"));
            simulation.scheduleEvent(0.5, (short) 1, new Recording(order, "earlier"));
            simulation.run();
        }

        assertThat(order).containsExactly("earlier", "high", "low");
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void cancelRemovesEvent(EngineKind kind) {
        List<String> order = new ArrayList<>();
        try (Simulation simulation = new Simulation(kind)) {
            simulation.schedule(1.0, () -> order.add("a"));
            Event cancelled = simulation.schedule(2.0, () -> order.add("b"));
            simulation.schedule(3.0, () -> order.add("c"));

            assertThat(simulation.cancel(cancelled)).isTrue();
            assertThat(simulation.cancel(cancelled)).isFalse();
            simulation.run();

            assertThat(simulation.now()).isEqualTo(3.0);
            assertThat(simulation.executedEvents()).isEqualTo(2);
        }
        assertThat(order).containsExactly("a", "c");
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void eventCancelsLaterEvent(EngineKind kind) {
        List<String> order = new ArrayList<>();
        try (Simulation simulation = new Simulation(kind)) {
            Event later = simulation.schedule(4.0, () -> order.add("later"));
            simulation.schedule(1.0, () -> simulation.cancel(later));
            simulation.run();
        }

        assertThat(order).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void exceptionInEventFailsRun(EngineKind kind) {
        IllegalStateException boom = new IllegalStateException("boom");
        List<String> order = new ArrayList<>();
        try (Simulation simulation = new Simulation(kind)) {
            simulation.schedule(1.0, () -> order.add("before"));
            simulation.schedule(2.0, () -> {
                throw boom;
            });
            simulation.schedule(3.0, () -> order.add("after"));

            assertThatThrownBy(simulation::run).isSameAs(boom);
            assertThat(simulation.now()).isEqualTo(2.0);
        }
        assertThat(order).containsExactly("before");
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void runUntilStopsAtHorizonInclusive(EngineKind kind) {
        List<Double> times = new ArrayList<>();
        try (Simulation simulation = new Simulation(kind)) {
            for (double t : new double[] {1.0, 2.0, 3.0, 4.0}) {
                simulation.schedule(t, () -> times.add(simulation.now()));
            }
            simulation.runUntil(2.0);

            assertThat(times).containsExactly(1.0, 2.0);
            assertThat(simulation.now()).isEqualTo(2.0);
            assertThat(simulation.pendingEvents()).isEqualTo(2);

            simulation.runUntil(10.0);
            assertThat(times).containsExactly(1.0, 2.0, 3.0, 4.0);
            assertThat(simulation.now()).isEqualTo(10.0);

            simulation.scheduleAfter(1.5, () -> times.add(simulation.now()));
            simulation.run();
        }
        assertThat(times).endsWith(11.5);
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void eventsScheduledByEventsRunInOrder(EngineKind kind) {
        List<Double> times = new ArrayList<>();
        try (Simulation simulation = new Simulation(kind)) {
            Runnable[] tick = new Runnable[1];
            tick[0] = () -> {
                times.add(simulation.now());
                if (times.size() < 5) {
                    simulation.scheduleAfter(0.25, tick[0]);
                }
            };
            simulation.schedule(0.0, tick[0]);
            simulation.run();
        }

        assertThat(times).containsExactly(0.0, 0.25, 0.5, 0.75, 1.0);
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void schedulingInPastIsRejected(EngineKind kind) {
        try (Simulation simulation = new Simulation(kind)) {
            simulation.runUntil(5.0);

            assertThatThrownBy(() -> simulation.schedule(4.0, () -> {
            }))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("t=4.0")
                    .hasMessageContaining("not before now (t=5.0 s)");
            assertThatThrownBy(() -> simulation.schedule(Double.NaN, () -> {
            }))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void pendingEventCannotBeScheduledTwice(EngineKind kind) {
        try (Simulation simulation = new Simulation(kind)) {
            Recording event = new Recording(new ArrayList<>(), "x");
            simulation.scheduleEvent(1.0, event);

            assertThatThrownBy(() -> simulation.scheduleEvent(2.0, event))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already pending");
        }
    }

    /**
     * A random mix of schedules, cancellations and reschedules must execute in the order of
     * (time, sequence) computed independently by sorting; all engines must agree with it.
     */
    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void randomWorkloadMatchesSortedOrder(EngineKind kind) {
        Random random = new Random(42);
        List<double[]> expected = new ArrayList<>();
        List<double[]> executed = new ArrayList<>();
        try (Simulation simulation = new Simulation(kind)) {
            List<Event> events = new ArrayList<>();
            List<double[]> keys = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                double time = random.nextInt(500) / 4.0;
                double[] key = {time, i};
                keys.add(key);
                events.add(simulation.schedule(time, () -> executed.add(key)));
            }
            for (int i = 0; i < 5_000; i += 3) {
                simulation.cancel(events.get(i));
            }
            for (int i = 0; i < 5_000; i++) {
                if (i % 3 != 0) {
                    expected.add(keys.get(i));
                }
            }
            simulation.run();
        }
        expected.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));

        assertThat(executed).containsExactlyElementsOf(expected);
    }

    /**
     * Cancelling most events (which makes the heap rebuild itself without the cancelled entries)
     * and rescheduling some of them at new times must still run exactly the live events in
     * (time, scheduling order), each once.
     */
    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void cancelAndRescheduleKeepOrder(EngineKind kind) {
        Random random = new Random(7);
        List<double[]> executed = new ArrayList<>();
        List<double[]> expected = new ArrayList<>();
        try (Simulation simulation = new Simulation(kind)) {
            List<KeyedEvent> events = new ArrayList<>();
            for (int i = 0; i < 4_000; i++) {
                KeyedEvent event = new KeyedEvent(executed);
                event.key = new double[] {random.nextInt(1_000) / 8.0, i};
                events.add(simulation.scheduleEvent(event.key[0], event));
            }
            long sequence = 4_000;
            for (int i = 0; i < events.size(); i++) {
                KeyedEvent event = events.get(i);
                if (i % 5 == 0) {
                    expected.add(event.key);
                    continue;
                }
                assertThat(simulation.cancel(event)).isTrue();
                if (i % 5 == 1) {
                    event.key = new double[] {random.nextInt(1_000) / 8.0, sequence++};
                    simulation.scheduleEvent(event.key[0], event);
                    expected.add(event.key);
                }
            }
            assertThat(simulation.pendingEvents()).isEqualTo(expected.size());
            simulation.run();
        }
        expected.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));

        assertThat(executed).containsExactlyElementsOf(expected);
    }

    private static final class KeyedEvent extends Event {
        private final List<double[]> executed;
        private double[] key;

        KeyedEvent(List<double[]> executed) {
            this.executed = executed;
        }

        @Override
        protected void fire() {
            executed.add(key);
        }
    }

    private static final class Recording extends Event {
        private final List<String> order;
        private final String label;

        Recording(List<String> order, String label) {
            this.order = order;
            this.label = label;
        }

        @Override
        protected void fire() {
            order.add(label);
        }
    }
}
