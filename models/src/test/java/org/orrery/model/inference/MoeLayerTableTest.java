package org.orrery.model.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.junit.jupiter.api.Test;

class MoeLayerTableTest {
    /**
     * A triangular grid like the profiler's, with top-2 routing: 2 experts measured from 1 token
     * (10 us) to 8 tokens (20 us); 8 experts from 4 tokens (50 us) to 8 tokens (60 us).
     */
    static final MoeLayerTable TABLE = new MoeLayerTable(Map.of(
            2.0, new MeasuredCurve(new double[] {1, 8}, new double[] {10e-6, 20e-6}),
            8.0, new MeasuredCurve(new double[] {4, 8}, new double[] {50e-6, 60e-6})));

    /** 6 tokens: 2 experts 10 + 5/7 x 10 us, 8 experts 55 us; 5 experts lie halfway between. */
    @Test
    void interpolatesAlongExpertsBetweenCurves() {
        double twoExperts = 10e-6 + 5.0 / 7.0 * 10e-6;

        assertThat(TABLE.valueAt(6, 5)).isCloseTo((twoExperts + 55e-6) / 2, within(1e-15));
        assertThat(TABLE.valueAt(6, 8)).isCloseTo(55e-6, within(1e-15));
    }

    /** 2 tokens with 4 experts: the 8-expert curve starts at 4 tokens, so its 50 us is used; 10 + 1/7 x 10 us on the other. */
    @Test
    void curveStartingLaterUsesItsFirstPoint() {
        double twoExperts = 10e-6 + 1.0 / 7.0 * 10e-6;

        assertThat(TABLE.covers(2, 4)).isTrue();
        assertThat(TABLE.valueAt(2, 4)).isCloseTo(twoExperts + (50e-6 - twoExperts) / 3, within(1e-15));
    }

    /** One expert, fewer than the smallest measured count, takes the 2-expert time. */
    @Test
    void fewerExpertsThanMeasuredTakeSmallestCount() {
        assertThat(TABLE.valueAt(1, 1)).isCloseTo(10e-6, within(1e-15));
    }

    @Test
    void pointsBeyondGridAreNotCovered() {
        assertThat(TABLE.covers(9, 4)).isFalse();
        assertThat(TABLE.covers(4, 9)).isFalse();
        assertThatThrownBy(() -> TABLE.valueAt(9, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("measured up to 8.0 tokens and 8.0 experts");
    }
}
