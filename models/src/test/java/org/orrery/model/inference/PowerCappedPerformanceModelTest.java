package org.orrery.model.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.orrery.model.power.GpuPowerModel;
import org.orrery.model.power.PowerCap;

class PowerCappedPerformanceModelTest {
    private static final GpuPowerModel GPU = new GpuPowerModel(45.0, 300.0, 1.0, 0.59);
    private final PerformanceModel capped = new PowerCappedPerformanceModel(batch -> 1.0, GPU, PowerCap.withDefaults(200.0));

    @Test
    void cappedPrefillIsSlowed() {
        IterationBatch batch = new IterationBatch();
        batch.addPrefill(512, 0);

        // Demand 300 W against an effective 184 W: slowdown 0.6 + 0.4 / sqrt(94 / 210) = 1.197869.
        assertThat(capped.iterationSeconds(batch)).isCloseTo(1.197869, within(1e-6));
    }

    @Test
    void decodeBelowTheCapKeepsItsTime() {
        IterationBatch batch = new IterationBatch();
        batch.addDecode(100);

        // One decode sequence draws 0.59 x 300 = 177 W, below the effective 184 W.
        assertThat(capped.iterationSeconds(batch)).isEqualTo(1.0);
    }
}
