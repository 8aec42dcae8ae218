package org.orrery.model.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ProfilePerformanceModelTest {
    /**
     * Two layers. Per layer: 1 ms at 1 token, 3 ms at 101 tokens. Once per iteration: 0.1 ms. Per
     * sequence: 0.5 ms at 1, 1.5 ms at 11. Prefill attention per layer: chunk 10 to 100 over 0 to
     * 1,000 cached tokens, 0.1 to 1.0 ms. Decode attention per layer: 1 to 11 sequences over 100 to
     * 1,100 context tokens, 0.1 to 0.5 ms.
     */
    private static final IterationProfile PROFILE = new IterationProfile("tiny", 1, 2,
            new MeasuredCurve(new double[] {1, 101}, new double[] {1e-3, 3e-3}),
            new MeasuredCurve(new double[] {1, 101}, new double[] {1e-4, 1e-4}),
            new MeasuredCurve(new double[] {1, 11}, new double[] {5e-4, 15e-4}),
            new MeasuredSurface(Map.of(
                    10.0, new MeasuredCurve(new double[] {0, 1000}, new double[] {1e-4, 2e-4}),
                    100.0, new MeasuredCurve(new double[] {0, 1000}, new double[] {5e-4, 10e-4}))),
            new MeasuredSurface(Map.of(
                    1.0, new MeasuredCurve(new double[] {100, 1100}, new double[] {1e-4, 2e-4}),
                    11.0, new MeasuredCurve(new double[] {100, 1100}, new double[] {3e-4, 5e-4}))),
            new ProfileProvenance("test GPU", "vLLM", "0.0", "0", "test", "hand-made"));

    private final PerformanceModel fallback = batch -> 42.0;

    @Test
    void curveInterpolatesAndClamps() {
        MeasuredCurve curve = new MeasuredCurve(new double[] {3, 1, 1}, new double[] {30, 8, 12});

        assertThat(curve.valueAt(1)).isEqualTo(10.0);
        assertThat(curve.valueAt(2)).isEqualTo(20.0);
        assertThat(curve.valueAt(5)).isEqualTo(30.0);
        assertThat(curve.covers(5)).isFalse();
    }

    /** Row x=0 gives 5 at y=5, row x=10 gives 20; halfway between the rows: 12.5. */
    @Test
    void surfaceInterpolatesBetweenRows() {
        MeasuredSurface surface = new MeasuredSurface(Map.of(
                0.0, new MeasuredCurve(new double[] {0, 10}, new double[] {0, 10}),
                10.0, new MeasuredCurve(new double[] {0, 10}, new double[] {10, 30})));

        assertThat(surface.valueAt(5, 5)).isEqualTo(12.5);
        assertThat(surface.covers(5, 11)).isFalse();
    }

    /**
     * One decode of 5 sequences at 600 tokens of context each: 5 tokens give 1.08 ms of dense time
     * per layer; decode attention is 0.15 ms on the 1-sequence row and 0.4 ms on the 11-sequence
     * row at 600 tokens, so 0.15 + 0.4 x 0.25 = 0.25 ms at 5 sequences. Total: 2 x (1.08 + 0.25)
     * + 0.1 + 0.9 (per-sequence at 5) = 3.66 ms.
     */
    @Test
    void decodeBatchInsideGridIsInterpolated() {
        ProfilePerformanceModel model = new ProfilePerformanceModel(PROFILE, fallback, 0.0);
        IterationBatch batch = new IterationBatch();
        for (int i = 0; i < 5; i++) {
            batch.addDecode(600);
        }

        assertThat(model.iterationSeconds(batch)).isCloseTo(3.66e-3, within(1e-12));
        assertThat(model.fallbackIterations()).isZero();
    }

    /**
     * Two prefills of 55 tokens without cache: per chunk 0.3 ms (halfway between the 10- and
     * 100-token rows at 0 cached); two chunks minus one launch of 0.1 ms is 0.5 ms per layer. 110
     * tokens lie outside the dense curve (max 101), so the fallback decides.
     */
    @Test
    void batchOutsideGridUsesFallback() {
        ProfilePerformanceModel model = new ProfilePerformanceModel(PROFILE, fallback, 0.0);
        IterationBatch batch = new IterationBatch();
        batch.addPrefill(55, 0);
        batch.addPrefill(55, 0);

        assertThat(model.iterationSeconds(batch)).isEqualTo(42.0);
        assertThat(model.fallbackIterations()).isEqualTo(1);
    }

    /**
     * Two prefills of 45 tokens. Dense time per layer at 90 tokens: 1 + 2 x 89 / 100 = 2.78 ms.
     * Each chunk costs 0.1 + 0.4 x 35 / 90 ms, and the pair twice that minus one launch of 0.1 ms.
     * Once per iteration 0.1 ms, per sequence 0.6 ms for 2 sequences, plus the 1 ms overhead.
     */
    @Test
    void prefillBatchAddsOverhead() {
        ProfilePerformanceModel model = new ProfilePerformanceModel(PROFILE, fallback, 1e-3);
        IterationBatch batch = new IterationBatch();
        batch.addPrefill(45, 0);
        batch.addPrefill(45, 0);

        double chunk = 1e-4 + 4e-4 * 35.0 / 90.0;
        double dense = 1e-3 + 2e-3 * 89.0 / 100.0;
        double expected = 2 * (dense + 2 * chunk - 1e-4) + 1e-4 + 6e-4 + 1e-3;
        assertThat(model.iterationSeconds(batch)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void negativeOverheadIsRejected() {
        assertThatThrownBy(() -> new ProfilePerformanceModel(PROFILE, fallback, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got -1.0 s");
    }
}
