package org.orrery.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Simulations created, run and closed on several threads at once, as a sweep's workers do. */
class ParallelSimulationsTest {

    /**
     * DSOL binds every replication into one JVM-wide registry; 400 simulations on 4 threads must
     * neither collide there nor affect each other's results: each runs 100 events and ends at t=100.
     */
    @Test
    void parallelSimulationsDoNotCollide() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[]>> results = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                EngineKind kind = EngineKind.values()[i % EngineKind.values().length];
                results.add(pool.submit(() -> {
                    try (Simulation simulation = new Simulation(kind)) {
                        for (int t = 1; t <= 100; t++) {
                            simulation.schedule(t, () -> { });
                        }
                        simulation.run();
                        return new double[] {simulation.executedEvents(), simulation.now()};
                    }
                }));
            }
            for (Future<double[]> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).containsExactly(100.0, 100.0);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
