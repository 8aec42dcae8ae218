package org.orrery.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

class QuaternaryHeapEventListTest {

    private static final Comparator<Event> DSOL_ORDER = Comparator
            .comparingDouble(Event::timeSeconds)
            .thenComparing(Comparator.comparingInt((Event event) -> event.priority).reversed())
            .thenComparingLong(event -> event.sequence);

    /**
     * Random adds, removals from anywhere and removeFirst calls, with many equal times and mixed
     * priorities, must leave the heap in the order of a sorted reference set after every step.
     */
    @Test
    void randomOperationsMatchSortedReference() {
        Random random = new Random(7);
        QuaternaryHeapEventList heap = new QuaternaryHeapEventList();
        TreeSet<Event> reference = new TreeSet<>(DSOL_ORDER);
        List<Event> pool = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            pool.add(new Noop());
        }
        long sequence = 0;

        for (int step = 0; step < 50_000; step++) {
            Event event = pool.get(random.nextInt(pool.size()));
            int operation = random.nextInt(3);
            if (operation == 0 && !heap.contains(event)) {
                event.timeSeconds = random.nextInt(40) / 2.0;
                event.priority = (short) (1 + random.nextInt(10));
                event.sequence = sequence++;
                heap.add(event);
                reference.add(event);
            } else if (operation == 1) {
                assertThat(heap.remove(event)).isEqualTo(reference.remove(event));
            } else if (!reference.isEmpty()) {
                assertThat(heap.removeFirst()).isSameAs(reference.pollFirst());
            }

            assertThat(heap.size()).isEqualTo(reference.size());
            if (!reference.isEmpty()) {
                assertThat(heap.first()).isSameAs(reference.first());
            }
        }
    }

    @Test
    void timeKeyOrdersLikeDoubleCompare() {
        double[] times = {-1e300, -2.5, -Double.MIN_VALUE, -0.0, 0.0, Double.MIN_VALUE, 1.0, 1.0000000000000002,
            3.5e9, Double.MAX_VALUE, Double.POSITIVE_INFINITY};
        for (int i = 0; i + 1 < times.length; i++) {
            assertThat(QuaternaryHeapEventList.timeKey(times[i]))
                    .as("key of %s < key of %s", times[i], times[i + 1])
                    .isLessThan(QuaternaryHeapEventList.timeKey(times[i + 1]));
        }
    }

    @Test
    void removeFirstOnEmptyListReturnsNull() {
        QuaternaryHeapEventList heap = new QuaternaryHeapEventList();

        assertThat(heap.removeFirst()).isNull();
        assertThat(heap.first()).isNull();
    }

    @Test
    void sequenceBeyondTieKeyRangeIsRejected() {
        Noop event = new Noop();
        event.sequence = 1L << 47;

        assertThatThrownBy(() -> new QuaternaryHeapEventList().add(event))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("2^47");
    }

    private static final class Noop extends Event {
        @Override
        protected void fire() {
        }
    }
}
