package org.orrery.model.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StepCarbonIntensityTest {
    /** Hourly steps of 100, 200 and 400 g/kWh starting at t = -1,800 s; the last lasts one hour. */
    private final StepCarbonIntensity series = new StepCarbonIntensity(new double[] {-1800, 1800, 5400},
            new double[] {100, 200, 400}, 3600, "test series");

    @Test
    void valueAtTimeIsStepValue() {
        assertThat(series.gramsPerKwhAt(0)).isEqualTo(100);
        assertThat(series.gramsPerKwhAt(1800)).isEqualTo(200);
        assertThat(series.gramsPerKwhAt(9000)).isEqualTo(400);
    }

    /** [0, 7,200): 100 x 1,800 + 200 x 3,600 + 400 x 1,800 = 1,620,000 g/kWh x s. */
    @Test
    void integralSpansSteps() {
        assertThat(series.integral(0, 7200)).isCloseTo(100 * 1800 + 200 * 3600 + 400 * 1800, within(1e-6));
        assertThat(series.integral(2000, 3000)).isCloseTo(200 * 1000, within(1e-9));
        assertThat(series.integral(3000, 3000)).isZero();
    }

    @Test
    void integralAfterBackwardQuery() {
        series.integral(6000, 7000);

        assertThat(series.integral(0, 100)).isCloseTo(100 * 100, within(1e-9));
    }

    @Test
    void timeOutsideSeriesFailsWithRange() {
        assertThatThrownBy(() -> series.integral(8000, 10_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("test series covers simulation times -1800.0 s to 9000.0 s")
                .hasMessageContaining("t=10000.0 s");
        assertThatThrownBy(() -> series.gramsPerKwhAt(-2000))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unsortedStartsAreRejected() {
        assertThatThrownBy(() -> new StepCarbonIntensity(new double[] {0, 0}, new double[] {1, 2}, 3600, "bad"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("step starts must increase");
    }
}
