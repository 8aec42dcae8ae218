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

    /**
     * The same tables plus a mixed table over chunks 10 and 100, 1 and 11 decodes, 0 and 1,000
     * cached tokens and 100 and 1,100 context tokens, in ms per layer. Chunk 10 rises from 0.3 to
     * 0.5 ms along the context with 1 decode and from 0.7 to 1.1 ms with 11, plus 0.1 ms with 1,000
     * cached tokens. Chunk 100 rises from 0.9 to 1.1 ms with 1 decode and from 1.3 to 1.7 ms with
     * 11, plus 0.5 ms with 1,000 cached tokens.
     */
    private static final IterationProfile MIXED_PROFILE = new IterationProfile("tiny", 1, 2,
            PROFILE.perLayerSeconds(), PROFILE.perModelSeconds(), PROFILE.perSequenceSeconds(),
            PROFILE.prefillAttentionSeconds(), PROFILE.decodeAttentionSeconds(),
            new MixedAttentionTable(Map.of(
                    10.0, Map.of(1.0, slice(0.3, 0.5, 0.1), 11.0, slice(0.7, 1.1, 0.1)),
                    100.0, Map.of(1.0, slice(0.9, 1.1, 0.5), 11.0, slice(1.3, 1.7, 0.5)))),
            PROFILE.provenance());

    private final PerformanceModel fallback = batch -> 42.0;

    /** Returns a slice rising from {@code shortMs} at 100 to {@code longMs} at 1,100 context tokens, plus {@code cachedMs} at 1,000 cached. */
    private static MeasuredSurface slice(double shortMs, double longMs, double cachedMs) {
        double[] contexts = {100, 1100};
        return new MeasuredSurface(Map.of(
                0.0, new MeasuredCurve(contexts, new double[] {shortMs * 1e-3, longMs * 1e-3}),
                1000.0, new MeasuredCurve(contexts, new double[] {(shortMs + cachedMs) * 1e-3,
                    (longMs + cachedMs) * 1e-3})));
    }

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

    /**
     * One prefill of 55 tokens (no cache) with 5 decodes of 600 context tokens, costed from the mixed
     * table. At 0 cached and 600 context (halfway along the context axis) the four bracketing slices
     * give 0.4 (chunk 10, 1 decode), 0.9 (10, 11), 1.0 (100, 1) and 1.5 ms (100, 11). Five decodes
     * lie 0.4 of the way from 1 to 11: 0.6 ms at chunk 10 and 1.2 ms at chunk 100. Chunk 55 lies
     * halfway: 0.9 ms per layer, against 0.3 + 0.25 ms for separate prefill and decode. Dense time
     * at 60 tokens is 1 + 2 x 59 / 100 = 2.18 ms per layer; once per iteration 0.1 ms; per
     * sequence 1.0 ms at 6 sequences.
     */
    @Test
    void mixedBatchUsesMixedTable() {
        ProfilePerformanceModel model = new ProfilePerformanceModel(MIXED_PROFILE, fallback, 0.0);
        IterationBatch batch = new IterationBatch();
        batch.addPrefill(55, 0);
        for (int i = 0; i < 5; i++) {
            batch.addDecode(600);
        }

        assertThat(model.iterationSeconds(batch)).isCloseTo(2 * (2.18e-3 + 0.9e-3) + 0.1e-3 + 1.0e-3, within(1e-12));
        assertThat(new ProfilePerformanceModel(PROFILE, fallback, 0.0).iterationSeconds(batch))
                .isCloseTo(2 * (2.18e-3 + 0.3e-3 + 0.25e-3) + 0.1e-3 + 1.0e-3, within(1e-12));
    }

    /**
     * Two prefills of 30 tokens with the same 5 decodes. The mixed table at chunk 30 (2/9 of the
     * way from 10 to 100) gives 0.6 + 0.6 x 2/9 ms. The second chunk adds its separate prefill time
     * 0.1 + 0.4 x 20 / 90 ms minus the 0.1 ms launch counted once. Dense time at 65 tokens is
     * 1 + 2 x 64 / 100 ms per layer, per sequence 0.5 + 1.0 x 6 / 10 ms at 7 sequences.
     */
    @Test
    void mixedBatchAddsFurtherChunks() {
        ProfilePerformanceModel model = new ProfilePerformanceModel(MIXED_PROFILE, fallback, 0.0);
        IterationBatch batch = new IterationBatch();
        batch.addPrefill(30, 0);
        batch.addPrefill(30, 0);
        for (int i = 0; i < 5; i++) {
            batch.addDecode(600);
        }

        double mixed = 0.6e-3 + 0.6e-3 * 2.0 / 9.0;
        double secondChunk = 0.1e-3 + 0.4e-3 * 20.0 / 90.0 - 0.1e-3;
        double dense = 1e-3 + 2e-3 * 64.0 / 100.0;
        double perSequence = 0.5e-3 + 1.0e-3 * 6.0 / 10.0;
        assertThat(model.iterationSeconds(batch)).isCloseTo(2 * (dense + mixed + secondChunk) + 0.1e-3 + perSequence,
                within(1e-12));
    }

    /**
     * A mixed table measured only for chunks of 10 tokens does not cover a 55-token chunk, so the
     * fallback decides even though the separate prefill and decode tables cover the batch.
     */
    @Test
    void mixedBatchOutsideTableUsesFallback() {
        IterationProfile narrow = new IterationProfile("tiny", 1, 2, PROFILE.perLayerSeconds(),
                PROFILE.perModelSeconds(), PROFILE.perSequenceSeconds(), PROFILE.prefillAttentionSeconds(),
                PROFILE.decodeAttentionSeconds(),
                new MixedAttentionTable(Map.of(10.0, Map.of(1.0, slice(0.3, 0.5, 0.1), 11.0, slice(0.7, 1.1, 0.1)))),
                PROFILE.provenance());
        ProfilePerformanceModel model = new ProfilePerformanceModel(narrow, fallback, 0.0);
        IterationBatch batch = new IterationBatch();
        batch.addPrefill(55, 0);
        for (int i = 0; i < 5; i++) {
            batch.addDecode(600);
        }

        assertThat(new ProfilePerformanceModel(PROFILE, fallback, 0.0).covers(batch)).isTrue();
        assertThat(model.covers(batch)).isFalse();
        assertThat(model.iterationSeconds(batch)).isEqualTo(42.0);
        assertThat(model.fallbackIterations()).isEqualTo(1);
    }

    @Test
    void mixedTableRejectsUnmeasuredPoint() {
        MixedAttentionTable table = MIXED_PROFILE.mixedAttentionSeconds();

        assertThat(table.covers(55, 0, 5, 600)).isTrue();
        assertThat(table.covers(55, 0, 5, 1200)).isFalse();
        assertThat(table.covers(5, 0, 5, 600)).isFalse();
        assertThatThrownBy(() -> table.valueAt(55, 0, 5, 1200))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("check covers()");
    }

    /** Missing (chunk, decodes) pairs leave holes: a point whose bracket touches one is not covered. */
    @Test
    void mixedTableHoleIsNotCovered() {
        MeasuredSurface flat = new MeasuredSurface(Map.of(0.0, new MeasuredCurve(new double[] {0, 100},
                new double[] {1, 1})));
        MixedAttentionTable table = new MixedAttentionTable(Map.of(
                10.0, Map.of(1.0, flat, 4.0, flat),
                20.0, Map.of(1.0, flat)));

        assertThat(table.covers(15, 0, 1, 50)).isTrue();
        assertThat(table.covers(15, 0, 2, 50)).isFalse();
        assertThat(table.covers(10, 0, 4, 50)).isTrue();
        assertThat(table.valueAt(10, 0, 2, 50)).isEqualTo(1.0);
    }

    @Test
    void negativeOverheadIsRejected() {
        assertThatThrownBy(() -> new ProfilePerformanceModel(PROFILE, fallback, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got -1.0 s");
    }

    /**
     * The dense profile plus 8 experts, top 2, in both layers, with {@link MoeLayerTableTest#TABLE}.
     * One decode on one GPU: 1 token activates its 2 experts, 10 us per layer, so 20 us more than
     * the dense profile.
     */
    @Test
    void moeLayersAddTableTime() {
        IterationProfile moe = withExperts(PROFILE);
        IterationBatch batch = new IterationBatch();
        batch.addDecode(600);

        double dense = new ProfilePerformanceModel(PROFILE, fallback, 0.0).iterationSeconds(batch);
        double withMoe = new ProfilePerformanceModel(moe, fallback, 0.0).iterationSeconds(batch);

        assertThat(withMoe - dense).isCloseTo(2 * 10e-6, within(1e-12));
    }

    /**
     * The same decode on one of 2 expert-parallel GPUs whose group routes 4 tokens. Each GPU stores
     * 4 experts and activates 4 x (1 - 0.75^4) = 2.734375 of them. Its (token, expert) pairs,
     * 4 x 2 / 2 = 4, match 2 tokens of the table. At 2 tokens the 2-expert curve gives 10 + 10/7 us
     * and the 8-expert curve its first point, 50 us. The exchange is two collectives of 6 us plus
     * 2 x 4,096 B / 40 GB/s.
     */
    @Test
    void expertParallelRankReadsGroupTokens() {
        IterationProfile moe = withExperts(PROFILE);
        ExpertParallelism two = new ExpertParallelism(2, 4096, 40e9, 6e-6);
        IterationBatch batch = new IterationBatch();
        batch.addDecode(600);
        batch.setExpertGroupTokens(4);

        double dense = new ProfilePerformanceModel(PROFILE, fallback, 0.0).iterationSeconds(batch);
        double rank = new ProfilePerformanceModel(moe, fallback, 0.0, two).iterationSeconds(batch);

        double lowCurve = 10e-6 + 10e-6 / 7;
        double moeSeconds = lowCurve + (2.734375 - 2) / 6 * (50e-6 - lowCurve);
        double exchange = 2 * (6e-6 + 2 * 4096 / 40e9);
        assertThat(rank - dense).isCloseTo(2 * (moeSeconds + exchange), within(1e-12));
    }

    /** A group of 9 tokens on one GPU needs 9 tokens of the table, which stops at 8: the fallback decides. */
    @Test
    void moeBeyondTableUsesFallback() {
        ProfilePerformanceModel model = new ProfilePerformanceModel(withExperts(PROFILE), fallback, 0.0);
        IterationBatch batch = new IterationBatch();
        batch.addDecode(600);
        batch.setExpertGroupTokens(9);

        assertThat(model.iterationSeconds(batch)).isEqualTo(42.0);
        assertThat(model.fallbackIterations()).isEqualTo(1);
    }

    @Test
    void denseProfileRejectsExpertParallelism() {
        assertThatThrownBy(() -> new ProfilePerformanceModel(PROFILE, fallback, 0.0,
                new ExpertParallelism(2, 4096, 40e9, 6e-6)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no mixture-of-experts layer");
    }

    private static IterationProfile withExperts(IterationProfile dense) {
        return new IterationProfile(dense.modelName(), 1, dense.layers(), dense.perLayerSeconds(),
                dense.perModelSeconds(), dense.perSequenceSeconds(), dense.prefillAttentionSeconds(),
                dense.decodeAttentionSeconds(), dense.mixedAttentionSeconds(), new MixtureOfExperts(8, 2, 2),
                MoeLayerTableTest.TABLE, dense.provenance());
    }
}
