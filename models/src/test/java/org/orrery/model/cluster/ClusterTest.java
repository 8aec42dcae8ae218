package org.orrery.model.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.orrery.hardware.AcceleratorSpec;
import org.orrery.hardware.AcceleratorSpec.TensorPrecision;
import org.orrery.hardware.ServerSpec;

class ClusterTest {
    private static final double YEAR_SECONDS = 365.25 * 86_400;
    /** 100 kg embodied, 4 years, 2 USD per hour. */
    private static final AcceleratorSpec GPU = new AcceleratorSpec("g", "v", TensorPrecision.BF16, 1e15, 80e9, 3e12,
            700, 100, 450e9, 2.0 / 3600, 100_000, 4 * YEAR_SECONDS);
    /** 8 GPUs; host 1,000 kg over 5 years. */
    private static final ServerSpec SERVER = new ServerSpec("s", GPU, 8, "cpu", 2, "nic", 8, 50e9, 800, 2000, 1_000_000,
            5 * YEAR_SECONDS);

    @Test
    void allocationIsFirstFitWithinServer() {
        Cluster cluster = new Cluster(List.of(new NodeGroup(SERVER, 2)));

        assertThat(cluster.allocate(GPU, 4).index()).isZero();
        assertThat(cluster.allocate(GPU, 8).index()).isEqualTo(1);
        assertThat(cluster.allocate(GPU, 4).index()).isZero();
        assertThatThrownBy(() -> cluster.allocate(GPU, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 such GPUs are free");
    }

    /**
     * 4 GPUs on one of two servers for one year: embodied = 4 x 100 kg / 4 + 1,000 kg / 5 = 300 kg;
     * cost = 4 x 2 USD x 8,766 h; the unused server adds neither.
     */
    @Test
    void embodiedCarbonAndCostCountAllocationsOnly() {
        Cluster cluster = new Cluster(List.of(new NodeGroup(SERVER, 2)));
        cluster.allocate(GPU, 4);

        assertThat(cluster.embodiedCarbonGrams(YEAR_SECONDS)).isCloseTo(4 * 100_000 / 4.0 + 1_000_000 / 5.0,
                within(1e-6));
        assertThat(cluster.costUsd(YEAR_SECONDS)).isCloseTo(4 * 2.0 * 8766, within(1e-6));
        assertThat(cluster.allocatedGpuSeconds(3600)).isEqualTo(4 * 3600.0);
        assertThat(cluster.idleGpuWatts()).isEqualTo(16 * 100.0);
        assertThat(cluster.idleHostWatts()).isEqualTo(2 * 800.0);
    }
}
