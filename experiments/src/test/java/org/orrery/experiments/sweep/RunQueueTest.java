package org.orrery.experiments.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RunQueueTest {
    private static RunTask run(String scenario, long seed) {
        return new RunTask(new Scenario(scenario, Map.of(), List.of()), seed, "/base.yaml");
    }

    private static String name(RunTask task) {
        return task.scenario().id() + "/" + task.seed();
    }

    @Test
    void firstRunsFollowPlanOrder() {
        RunQueue queue = new RunQueue(List.of(run("a", 1), run("a", 2), run("b", 1), run("b", 2), run("c", 1)));

        assertThat(List.of(name(queue.next()), name(queue.next()), name(queue.next()))).containsExactly("a/1", "b/1",
                "c/1");
    }

    @Test
    void restGoLongestFirst() {
        RunQueue queue = new RunQueue(List.of(run("a", 1), run("a", 2), run("b", 1), run("b", 2), run("c", 1),
                run("c", 2)));
        for (int i = 0; i < 3; i++) {
            queue.next();
        }
        queue.finished(run("a", 1), 2.0);
        queue.finished(run("b", 1), 5.0);
        queue.finished(run("c", 1), 3.0);

        List<String> order = new ArrayList<>();
        for (RunTask task = queue.next(); task != null; task = queue.next()) {
            order.add(name(task));
        }
        assertThat(order).containsExactly("b/2", "c/2", "a/2");
    }

    @Test
    void unmeasuredScenarioRanksAsLongest() {
        RunQueue queue = new RunQueue(List.of(run("a", 1), run("a", 2), run("b", 1), run("b", 2), run("c", 1),
                run("c", 2)));
        for (int i = 0; i < 3; i++) {
            queue.next();
        }
        queue.finished(run("a", 1), 4.0);
        queue.finished(run("c", 1), 1.0);

        assertThat(name(queue.next())).as("b's first run is still going, so b counts as 4 s like a").isEqualTo("a/2");
        assertThat(name(queue.next())).isEqualTo("b/2");
        assertThat(name(queue.next())).isEqualTo("c/2");
        assertThat(queue.next()).isNull();
    }
}
