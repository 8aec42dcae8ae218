package org.orrery.experiments.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.orrery.core.EngineKind;

class EngineBenchmarkTest {

    private static final int PENDING = 100;
    private static final long WARMUP_EVENTS = 2_000;
    private static final long MEASURED_EVENTS = 20_000;

    @Test
    void enginesExecuteSameEventOrder() {
        List<EngineBenchmark.Result> results =
                EngineBenchmark.runAll(new int[] {PENDING}, WARMUP_EVENTS, MEASURED_EVENTS, 42);

        assertThat(results).extracting(EngineBenchmark.Result::engine)
                .containsExactly(EngineKind.DSOL_STOCK, EngineKind.DSOL_PRIORITY_QUEUE, EngineKind.ORRERY);
        assertThat(results).extracting(EngineBenchmark.Result::checksum).containsOnly(results.get(0).checksum());
        assertThat(results).extracting(EngineBenchmark.Result::measuredEvents)
                .containsOnly(results.get(0).measuredEvents());
        assertThat(results.get(0).measuredEvents()).isGreaterThanOrEqualTo(MEASURED_EVENTS);
    }

    @Test
    void checksumDependsOnSeed() {
        EngineBenchmark.Result first = EngineBenchmark.run(EngineKind.ORRERY, PENDING, 0, MEASURED_EVENTS, 1);
        EngineBenchmark.Result second = EngineBenchmark.run(EngineKind.ORRERY, PENDING, 0, MEASURED_EVENTS, 2);

        assertThat(first.checksum()).hasSize(16).isNotEqualTo(second.checksum());
    }

    @Test
    void orreryRunAllocatesFarLessThanDsol() {
        EngineBenchmark.Result dsol = EngineBenchmark.run(EngineKind.DSOL_STOCK, PENDING, WARMUP_EVENTS,
                MEASURED_EVENTS, 42);
        EngineBenchmark.Result orrery = EngineBenchmark.run(EngineKind.ORRERY, PENDING, WARMUP_EVENTS,
                MEASURED_EVENTS, 42);

        // DSOL allocates a LambdaSimEvent and a boxed time per event, so it needs well over 32 bytes
        // per event; Orrery reuses its events. The bound leaves room for interpreter and JIT
        // allocations during a short test run.
        assertThat(dsol.allocatedBytesPerEvent()).isGreaterThan(32.0);
        assertThat(orrery.allocatedBytesPerEvent()).isLessThan(dsol.allocatedBytesPerEvent() / 4);
    }
}
