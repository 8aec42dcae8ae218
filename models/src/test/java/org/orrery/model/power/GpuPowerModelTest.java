package org.orrery.model.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GpuPowerModelTest {
    private static final GpuPowerModel H100_LIKE = new GpuPowerModel(105, 700, 1.0, 0.59, 0.96, 55);

    @Test
    void decodeOfOneSequenceUsesBatchOneFraction() {
        assertThat(H100_LIKE.watts(PowerState.DECODE, 1)).isCloseTo(0.59 * 700, within(1e-9));
        assertThat(H100_LIKE.watts(PowerState.DECODE)).isCloseTo(0.59 * 700, within(1e-9));
    }

    /** At 56 sequences the batch is 55 beyond one, so the fraction is 0.59 + 0.37 x 55 / 110 = 0.775. */
    @Test
    void decodeRisesHalfwayAtHalfSaturationBatch() {
        assertThat(H100_LIKE.decodeFraction(56)).isCloseTo(0.775, within(1e-12));
        assertThat(H100_LIKE.watts(PowerState.DECODE, 56)).isCloseTo(0.775 * 700, within(1e-9));
    }

    @Test
    void decodeApproachesSaturationFromBelow() {
        assertThat(H100_LIKE.decodeFraction(100_000)).isLessThan(0.96).isGreaterThan(0.959);
    }

    @Test
    void prefillAndIdleIgnoreBatch() {
        assertThat(H100_LIKE.watts(PowerState.PREFILL, 4096)).isEqualTo(700.0);
        assertThat(H100_LIKE.watts(PowerState.IDLE, 4096)).isEqualTo(105.0);
    }

    @Test
    void fourArgumentModelIsBatchIndependent() {
        GpuPowerModel fixed = new GpuPowerModel(100, 400, 1.0, 0.5);

        assertThat(fixed.watts(PowerState.DECODE, 1)).isEqualTo(200.0);
        assertThat(fixed.watts(PowerState.DECODE, 512)).isEqualTo(200.0);
    }

    @Test
    void nonPositiveHalfSaturationBatchIsRejected() {
        assertThatThrownBy(() -> new GpuPowerModel(100, 400, 1.0, 0.5, 0.9, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("decode_half_saturation_batch")
                .hasMessageContaining("got 0.0");
    }
}
