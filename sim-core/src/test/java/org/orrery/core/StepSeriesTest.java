package org.orrery.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class StepSeriesTest {

    /** 100 W for 30 s, 250 W for 45 s, then 0 W: 3,000 + 11,250 = 14,250 J. */
    @Test
    void integralIsSumOfValueTimesDuration() {
        StepSeries power = new StepSeries(60.0, 100.0);
        power.set(30.0, 250.0);
        power.set(75.0, 0.0);
        power.advance(200.0);

        assertThat(power.integral()).isCloseTo(100.0 * 30 + 250.0 * 45, within(1e-9));
    }

    /** Bin 0 [0,60): 100x30 + 250x30 = 10,500; bin 1 [60,120): 250x15 = 3,750. */
    @Test
    void binsSplitAtBoundaries() {
        StepSeries power = new StepSeries(60.0, 100.0);
        power.set(30.0, 250.0);
        power.set(75.0, 0.0);
        power.advance(130.0);

        assertThat(power.binCount()).isEqualTo(3);
        assertThat(power.binIntegral(0)).isCloseTo(100.0 * 30 + 250.0 * 30, within(1e-9));
        assertThat(power.binIntegral(1)).isCloseTo(250.0 * 15, within(1e-9));
        assertThat(power.binIntegral(2)).isZero();
        assertThat(power.binIntegral(99)).isZero();
    }

    /**
     * With 0.05 s bins, 43 x 0.05 evaluates to exactly 2.15 while 2.15 / 0.05 rounds to 42.99...,
     * so a change at 2.15 s sits on a boundary that the bin index misses. The series must still
     * move on past it.
     */
    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void changeOnARoundedBinBoundaryMovesOn() {
        StepSeries power = new StepSeries(0.05, 10.0);
        power.set(43 * 0.05, 20.0);
        power.advance(2.25);

        assertThat(power.integral()).isCloseTo(10.0 * 2.15 + 20.0 * 0.10, within(1e-9));
        assertThat(power.binIntegral(43)).isCloseTo(20.0 * 0.05, within(1e-9));
    }

    @Test
    void addChangesValueRelatively() {
        StepSeries busy = new StepSeries(10.0, 0.0);
        busy.add(1.0, 4.0);
        busy.add(3.0, 4.0);
        busy.add(6.0, -8.0);

        assertThat(busy.value()).isZero();
        assertThat(busy.integral()).isCloseTo(4.0 * 2 + 8.0 * 3, within(1e-12));
    }

    @Test
    void goingBackInTimeIsRejected() {
        StepSeries series = new StepSeries(1.0, 1.0);
        series.advance(5.0);

        assertThatThrownBy(() -> series.set(4.0, 2.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("t=4.0 s is before the last change at t=5.0 s");
    }
}
