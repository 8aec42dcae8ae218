package org.orrery.experiments.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ConfidenceIntervalTest {
    /** Student t quantiles t(0.975, df) from statistical tables. */
    private static final double T_975_DF1 = 12.7062047;
    private static final double T_975_DF2 = 4.3026527;

    @Test
    void twoValues() {
        // mean 2, sample standard deviation sqrt(2), n = 2: half-width = t * sqrt(2) / sqrt(2) = t.
        ConfidenceInterval interval = ConfidenceInterval.of(new double[] {1, 3});

        assertThat(interval.mean()).isEqualTo(2.0);
        assertThat(interval.halfWidth()).isCloseTo(T_975_DF1, within(1e-6));
        assertThat(interval.count()).isEqualTo(2);
    }

    @Test
    void threeValues() {
        // mean 4, s = sqrt(((-2)^2 + 0 + 2^2) / 2) = 2, n = 3: half-width = t * 2 / sqrt(3).
        ConfidenceInterval interval = ConfidenceInterval.of(new double[] {2, 4, 6});

        assertThat(interval.mean()).isEqualTo(4.0);
        assertThat(interval.halfWidth()).isCloseTo(T_975_DF2 * 2 / Math.sqrt(3), within(1e-6));
    }

    @Test
    void identicalValuesHaveZeroWidth() {
        assertThat(ConfidenceInterval.of(new double[] {5, 5, 5}).halfWidth()).isZero();
    }

    @Test
    void oneValueHasNoWidth() {
        ConfidenceInterval interval = ConfidenceInterval.of(new double[] {7});

        assertThat(interval.mean()).isEqualTo(7.0);
        assertThat(interval.halfWidth()).isNaN();
    }

    @Test
    void missingValuesAreLeftOut() {
        ConfidenceInterval interval = ConfidenceInterval.of(new double[] {1, Double.NaN, 3});

        assertThat(interval.count()).isEqualTo(2);
        assertThat(interval.mean()).isEqualTo(2.0);
    }
}
