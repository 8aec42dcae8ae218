package org.orrery.experiments.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The ML.ENERGY comparison's predictions come from the layer tables, inside their measured grid. */
class MlEnergyFidelityTest {
    private final List<MlEnergyFidelity.Prediction> predictions = MlEnergyFidelity.predictions();

    /** 11 batch caps of Llama-3.1-8B on one H100 and 12 of Llama-3.1-70B on four. */
    @Test
    void everyConfigurationIsPredicted() {
        assertThat(predictions).hasSize(23);
        assertThat(predictions).filteredOn(p -> p.model().equals("Llama-3.1-8B")).hasSize(11);
        assertThat(predictions).filteredOn(p -> p.model().equals("Llama-3.1-70B")).hasSize(12);
    }

    /** Batches up to 691 (8B) and 898 (70B) sequences plus one 512-token prompt stay within 2,048 tokens. */
    @Test
    void noStepFallsBackToRoofline() {
        assertThat(predictions).allMatch(p -> p.fallbackIterations() == 0);
    }

    /**
     * The median step is a decode-only step where at most half of the steps prefill a prompt:
     * batch / mean output length <= 0.5, true up to the batch cap of 192 for 8B (191.7 / 396.8 =
     * 0.48) and of 128 for 70B (127.6 / 358.9 = 0.36; 191.6 / 357.2 = 0.54 at 192).
     */
    @Test
    void decodeOnlyMediansAreSelected() {
        assertThat(predictions).filteredOn(p -> p.model().equals("Llama-3.1-8B"))
                .filteredOn(MlEnergyFidelity.Prediction::medianIsDecodeStep).hasSize(7);
        assertThat(predictions).filteredOn(p -> p.model().equals("Llama-3.1-70B"))
                .filteredOn(MlEnergyFidelity.Prediction::medianIsDecodeStep).hasSize(6);
    }

    /** A prompt adds work to a step, so the mean step is never shorter than the decode-only step. */
    @Test
    void meanStepIncludesPrefill() {
        assertThat(predictions).allMatch(p -> p.predictedStepSeconds() > p.decodeStepSeconds());
    }
}
