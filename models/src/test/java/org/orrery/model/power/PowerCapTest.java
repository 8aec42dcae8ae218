package org.orrery.model.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.orrery.model.carbon.ConstantCarbonIntensity;

class PowerCapTest {
    private static final double TDP = 300.0;
    private final PowerCap cap = PowerCap.withDefaults(200.0);

    @Test
    void demandBelowTheEffectiveAverageIsUnaffected() {
        // Effective average 0.92 x 200 = 184 W.
        assertThat(cap.watts(150.0)).isEqualTo(150.0);
        assertThat(cap.clockRatio(150.0, TDP)).isEqualTo(1.0);
        assertThat(cap.slowdown(150.0, TDP)).isEqualTo(1.0);
    }

    @Test
    void fullDemandIsCappedAndSlowed() {
        // static 0.3 x 300 = 90 W; 90 + (300 - 90) s^2 = 184 gives s = sqrt(94 / 210) = 0.669043.
        assertThat(cap.watts(300.0)).isCloseTo(184.0, within(1e-12));
        assertThat(cap.clockRatio(300.0, TDP)).isCloseTo(0.669043, within(1e-6));
        // 0.6 + 0.4 / 0.669043 = 1.197869.
        assertThat(cap.slowdown(300.0, TDP)).isCloseTo(1.197869, within(1e-6));
    }

    @Test
    void clockRatioStopsAtItsMinimum() {
        // Cap 100 W: 90 + 210 s^2 = 92 gives s = 0.0976, below the floor of 0.1: 0.6 + 0.4 / 0.1 = 4.6.
        PowerCap low = PowerCap.withDefaults(100.0);

        assertThat(low.clockRatio(300.0, TDP)).isEqualTo(PowerCap.MIN_CLOCK_RATIO);
        assertThat(low.slowdown(300.0, TDP)).isCloseTo(4.6, within(1e-12));
    }

    @Test
    void minimumCapKeepsTheAverageAboveStaticPower() {
        // 0.3 x 300 / 0.92 = 97.826 W.
        assertThat(cap.minimumCapWatts(TDP)).isCloseTo(97.826087, within(1e-6));
    }

    @Test
    void invalidParametersAreRejectedWithTheirKey() {
        assertThatThrownBy(() -> new PowerCap(0, 0.3, 2, 0.4, 0.92)).hasMessageContaining("positive and finite, got 0.0 W");
        assertThatThrownBy(() -> new PowerCap(200, 1.0, 2, 0.4, 0.92)).hasMessageContaining("cap_static_fraction_of_tdp");
        assertThatThrownBy(() -> new PowerCap(200, 0.3, 0, 0.4, 0.92)).hasMessageContaining("cap_clock_exponent");
        assertThatThrownBy(() -> new PowerCap(200, 0.3, 2, 1.5, 0.92)).hasMessageContaining("cap_compute_bound_fraction");
        assertThatThrownBy(() -> new PowerCap(200, 0.3, 2, 0.4, 0)).hasMessageContaining("cap_average_fraction");
    }

    @Test
    void instancePowerAppliesTheCap() {
        GpuPowerModel gpu = new GpuPowerModel(45.0, TDP, 1.0, 0.59);
        PowerAccount account = new PowerAccount(1.0, new ConstantCarbonIntensity(0), 60, 2 * 45.0, 0);
        InstancePower power = new InstancePower(account, gpu, cap, 2, 0.0);

        // Prefill demands 300 W per GPU, capped to 184 W; decode at 0.59 x 300 = 177 W stays below it.
        assertThat(power.gpuWatts(PowerState.PREFILL, 512)).isCloseTo(2 * 184.0, within(1e-9));
        assertThat(power.gpuWatts(PowerState.DECODE, 1)).isCloseTo(2 * 177.0, within(1e-9));
        assertThat(power.gpuWatts(PowerState.IDLE)).isEqualTo(2 * 45.0);
    }
}
