package org.orrery.model.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RooflineParametersTest {
    @Test
    void sixFactorConstructorKeepsOldForm() {
        RooflineParameters parameters = new RooflineParameters(0.6, 0.8, 0.7, 6e-6, 9e-3, 2.0);

        assertThat(parameters.attentionEfficiency()).isEqualTo(0.6);
        assertThat(parameters.hostSecondsPerIteration()).isZero();
        assertThat(parameters.prefillSecondsPerSequence()).isZero();
    }

    @Test
    void defaultsKeepHandFittedForm() {
        RooflineParameters defaults = RooflineParameters.DEFAULTS;

        assertThat(defaults.attentionEfficiency()).isEqualTo(defaults.computeEfficiency());
        assertThat(defaults.hostSecondsPerIteration()).isZero();
        assertThat(defaults.prefillSecondsPerSequence()).isZero();
    }

    @Test
    void attentionEfficiencyOutsideFractionRejected() {
        assertThatThrownBy(() -> new RooflineParameters(0.5, 0.8, 0.7, 6e-6, 9e-3, 2.0, 0.0, 0.0, 0.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attention_efficiency");
        assertThatThrownBy(() -> new RooflineParameters(0.5, 0.8, 0.7, 6e-6, 9e-3, 2.0, 1.5, 0.0, 0.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attention_efficiency");
    }

    @Test
    void negativeHostTimeRejected() {
        assertThatThrownBy(() -> new RooflineParameters(0.5, 0.8, 0.7, 6e-6, 9e-3, 2.0, 0.5, -1e-3, 0.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host_time_per_iteration_s");
    }

    @Test
    void negativePrefillCostRejected() {
        assertThatThrownBy(() -> new RooflineParameters(0.5, 0.8, 0.7, 6e-6, 9e-3, 2.0, 0.5, 0.0, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefill_time_per_sequence_s");
    }
}
