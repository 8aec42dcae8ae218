package org.orrery.model.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LayerTablePerformanceModelTest {
    /**
     * Sixteen layers of {@link TestModels#SMALL} on one GPU. Per layer: 300 us at 1 token, 500 us
     * at 101, of which the matrix products take 200 us and 300 us, and the norms and rotary
     * embedding 60 us and 100 us. Once per iteration: 10 us, of which the final norm takes 4 us.
     * Output head: 20 us for 1 sequence, 120 us for 101. Prompt attention per layer: 5 us for 1
     * token, 25 us for 101.
     */
    private static final LayerTableProfile PROFILE = new LayerTableProfile("small-1b", 1, 16,
            curve(300e-6, 500e-6), curve(200e-6, 300e-6), curve(60e-6, 100e-6), curve(10e-6, 10e-6),
            curve(4e-6, 4e-6), curve(20e-6, 120e-6), curve(5e-6, 25e-6),
            new ProfileProvenance("test GPU", "test profiler", "0", "0", "none", "hand-made"));

    /** Memory efficiency 0.5 of the test GPU's 1 TB/s: the KV cache is read at 5e11 B/s. */
    private static final RooflineParameters PARAMETERS = new RooflineParameters(0.5, 0.5, 0.7, 6e-6, 9e-3, 2.0);

    private final LayerTablePerformanceModel model = new LayerTablePerformanceModel(PROFILE, TestModels.SMALL,
            TestModels.GPU, PARAMETERS, 0.0, false);

    /**
     * 51 decodes with 100 tokens of context each. Per layer at 51 tokens: 300 + 200 x 50/100 = 400
     * us. Decode attention: 16 launches of 5 us plus 131,072 B x 5,100 tokens / 5e11 B/s. Once per
     * iteration 10 us; output head at 51 sequences: 20 + 100 x 50/100 = 70 us. One GPU: no all-reduce.
     */
    @Test
    void decodeBatchIsInterpolated() {
        IterationBatch batch = new IterationBatch();
        for (int i = 0; i < 51; i++) {
            batch.addDecode(100);
        }

        double decodeAttention = 16 * 5e-6 + 131_072.0 * 5_100 / 5e11;
        double expected = 16 * 400e-6 + decodeAttention + 10e-6 + 70e-6;
        assertThat(model.iterationSeconds(batch)).isCloseTo(expected, within(1e-12));
        assertThat(model.fallbackIterations()).isZero();
    }

    /**
     * The decode batch above with fused kernels at 0.5 x 1 TB/s. At 51 tokens a norm moves (4 x 51
     * + 1) x 2,048 x 2 B = 839,680 B, 2.16 + 1.67936 us, and the rotary embedding 65 x 128 x 51 x 2
     * B = 848,640 B, 2.44 + 1.69728 us. They replace the table's 60 + 40 x 50/100 = 80 us per layer
     * and its 4 us final norm.
     */
    @Test
    void fusedKernelsReplaceNormAndRotaryRows() {
        LayerTablePerformanceModel fused = new LayerTablePerformanceModel(PROFILE, TestModels.SMALL, TestModels.GPU,
                PARAMETERS, 0.0, true);
        IterationBatch batch = new IterationBatch();
        for (int i = 0; i < 51; i++) {
            batch.addDecode(100);
        }

        double norm = 2.16e-6 + 1.67936e-6;
        double rotary = 2.44e-6 + 1.69728e-6;
        double perLayer = 400e-6 - 80e-6 + 2 * norm + rotary;
        double perModel = 10e-6 - 4e-6 + norm;
        double decodeAttention = 16 * 5e-6 + 131_072.0 * 5_100 / 5e11;
        double expected = 16 * perLayer + decodeAttention + perModel + 70e-6;
        assertThat(fused.iterationSeconds(batch)).isCloseTo(expected, within(1e-12));
        assertThat(fused.iterationSeconds(batch)).isLessThan(model.iterationSeconds(batch));
    }

    /**
     * Prompts of 20 and 30 tokens with 49 decodes of 100 tokens: 99 tokens give 300 + 200 x 98/100 =
     * 496 us per layer. Prompt attention at the mean 25 tokens is 5 + 20 x 24/100 = 9.8 us, twice
     * minus one 5 us launch: 14.6 us per layer. 51 sequences: 70 us of output head.
     */
    @Test
    void mixedBatchCountsOneAttentionLaunch() {
        IterationBatch batch = new IterationBatch();
        batch.addPrefill(20, 0);
        batch.addPrefill(30, 0);
        for (int i = 0; i < 49; i++) {
            batch.addDecode(100);
        }

        double decodeAttention = 16 * 5e-6 + 131_072.0 * 4_900 / 5e11;
        double expected = 16 * (496e-6 + 14.6e-6) + decodeAttention + 10e-6 + 70e-6;
        assertThat(model.iterationSeconds(batch)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void unmeasuredBatchesFallBackToRoofline() {
        RooflinePerformanceModel roofline = new RooflinePerformanceModel(TestModels.SMALL, TestModels.GPU, 1,
                PARAMETERS);
        IterationBatch cachedPrompt = new IterationBatch();
        cachedPrompt.addPrefill(10, 64);
        IterationBatch tooManyTokens = new IterationBatch();
        tooManyTokens.addPrefill(102, 0);

        assertThat(model.covers(cachedPrompt)).isFalse();
        assertThat(model.iterationSeconds(cachedPrompt)).isEqualTo(roofline.iterationSeconds(cachedPrompt));
        assertThat(model.iterationSeconds(tooManyTokens)).isEqualTo(roofline.iterationSeconds(tooManyTokens));
        assertThat(model.fallbackIterations()).isEqualTo(2);
    }

    /**
     * Memory efficiency: 2e9 B of weights over (16 x 200 us + 20 us) at 1 TB/s = 2e9 / 3.22e9.
     * Compute efficiency: 2 x 1e9 x 101 FLOP over (16 x 500 us + 10 us + 20 us) at 100 TFLOP/s.
     */
    @Test
    void rooflineIsFittedToTable() {
        RooflineParameters fitted = LayerTablePerformanceModel.fitRoofline(PROFILE, TestModels.SMALL, TestModels.GPU,
                PARAMETERS, false);

        assertThat(fitted.memoryEfficiency()).isCloseTo(2e9 / 3.22e9, within(1e-12));
        assertThat(fitted.computeEfficiency()).isCloseTo(2.02e11 / (8.03e-3 * 100e12), within(1e-12));
        assertThat(fitted.allReduceStepLatencySeconds()).isEqualTo(PARAMETERS.allReduceStepLatencySeconds());
    }

    /**
     * With fused kernels the compute fit uses them at 101 tokens, at the fitted bandwidth of 1 TB/s
     * x 2e9 / 3.22e9: a norm moves (4 x 101 + 1) x 2,048 x 2 B = 1,658,880 B and the rotary
     * embedding 65 x 128 x 101 x 2 B = 1,680,640 B, in place of 100 us per layer and the 4 us
     * final norm. The memory efficiency does not depend on them.
     */
    @Test
    void fusedFitUsesFusedKernels() {
        RooflineParameters fitted = LayerTablePerformanceModel.fitRoofline(PROFILE, TestModels.SMALL, TestModels.GPU,
                PARAMETERS, true);

        double bandwidth = 1e12 * 2e9 / 3.22e9;
        double norm = 2.16e-6 + 1_658_880 / bandwidth;
        double rotary = 2.44e-6 + 1_680_640 / bandwidth;
        double largeSeconds = 16 * (500e-6 - 100e-6 + 2 * norm + rotary) + (10e-6 - 4e-6 + norm) + 20e-6;
        assertThat(fitted.memoryEfficiency()).isCloseTo(2e9 / 3.22e9, within(1e-12));
        assertThat(fitted.computeEfficiency()).isCloseTo(2.02e11 / (largeSeconds * 100e12), within(1e-12));
    }

    @Test
    void negativeOverheadIsRejected() {
        assertThatThrownBy(() -> new LayerTablePerformanceModel(PROFILE, TestModels.SMALL, TestModels.GPU, PARAMETERS,
                -1e-3, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("iteration overhead must be finite and non-negative, got -0.001 s");
    }

    private static MeasuredCurve curve(double atOne, double atHundredOne) {
        return new MeasuredCurve(new double[] {1, 101}, new double[] {atOne, atHundredOne});
    }
}
