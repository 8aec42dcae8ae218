package org.orrery.model.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RooflinePerformanceModelTest {
    private static final RooflineParameters PARAMETERS = new RooflineParameters(0.5, 0.8, 1.0, 5e-6, 1e-3, 2.0);

    /**
     * One prompt of 512 tokens on one GPU. FLOPs = 2 x 1e9 x 512 + 4 x 16 x 2048 x (512 x 513 / 2);
     * compute = FLOPs / (100e12 x 0.5). Bytes = 2e9 + 131,072 x 512; memory = bytes / (1e12 x 0.8),
     * smaller than compute, so the iteration is compute-bound and adds the 1 ms overhead.
     */
    @Test
    void prefillIsComputeBound() {
        RooflinePerformanceModel model = new RooflinePerformanceModel(TestModels.SMALL, TestModels.GPU, 1, PARAMETERS);
        IterationBatch batch = new IterationBatch();
        batch.addPrefill(512, 0);

        double flops = 2 * 1e9 * 512 + 4.0 * 16 * 2048 * (512.0 * 513 / 2);
        double computeSeconds = flops / (100e12 * 0.5);
        double memorySeconds = (2e9 + 131_072.0 * 512) / (1e12 * 0.8);

        assertThat(model.flops(batch)).isCloseTo(flops, within(1.0));
        assertThat(computeSeconds).isGreaterThan(memorySeconds);
        assertThat(model.iterationSeconds(batch)).isCloseTo(computeSeconds + 1e-3, within(1e-12));
    }

    /**
     * Eight decode steps with 1,000 tokens of context each on one GPU: bytes = 2e9 weights +
     * 131,072 x 8,000 KV; memory = bytes / (1e12 x 0.8) exceeds compute = (2e9 x 8 + 4 x 16 x 2048 x
     * 8,000) / 50e12, so the iteration is memory-bound.
     */
    @Test
    void decodeIsMemoryBound() {
        RooflinePerformanceModel model = new RooflinePerformanceModel(TestModels.SMALL, TestModels.GPU, 1, PARAMETERS);
        IterationBatch batch = decodeBatch();

        double memorySeconds = (2e9 + 131_072.0 * 8_000) / (1e12 * 0.8);
        double computeSeconds = (2e9 * 8 + 4.0 * 16 * 2048 * 8_000) / (100e12 * 0.5);

        assertThat(memorySeconds).isGreaterThan(computeSeconds);
        assertThat(model.iterationSeconds(batch)).isCloseTo(memorySeconds + 1e-3, within(1e-12));
    }

    /**
     * The same decode batch on two GPUs: memory time halves; two all-reduces per layer over 8
     * tokens x 2,048 x 2 B = 32,768 B, each taking 2 x (2-1) steps x 5 us plus 2 x 1/2 x 32,768 B
     * / 100 GB/s.
     */
    @Test
    void tensorParallelAddsAllReduce() {
        RooflinePerformanceModel model = new RooflinePerformanceModel(TestModels.SMALL, TestModels.GPU, 2, PARAMETERS);
        IterationBatch batch = decodeBatch();

        double memorySeconds = (2e9 + 131_072.0 * 8_000) / (2 * 1e12 * 0.8);
        double allReduceSeconds = 2 * 16 * (2 * 1 * 5e-6 + 2.0 * 1 / 2 * 32_768 / 100e9);

        assertThat(model.allReduceSeconds(batch)).isCloseTo(allReduceSeconds, within(1e-15));
        assertThat(model.iterationSeconds(batch)).isCloseTo(memorySeconds + allReduceSeconds + 1e-3, within(1e-12));
    }

    /**
     * Heads narrower than hidden / heads: 16 heads of 64 on a width of 2,048, so one attended pair
     * costs 4 x 16 layers x (16 x 64) FLOPs, half of what the width 2,048 would give. One prompt of
     * 512 tokens: 2 x 1e9 x 512 + 4 x 16 x 1,024 x (512 x 513 / 2).
     */
    @Test
    void attentionFlopsUseHeadsTimesHeadDim() {
        ModelSpec narrowHeads = new ModelSpec("narrow-heads", 1e9, 16, 2048, 16, 16, 64, 2.0, 2.0, 4096, 1e9);
        RooflinePerformanceModel model = new RooflinePerformanceModel(narrowHeads, TestModels.GPU, 1, PARAMETERS);
        IterationBatch batch = new IterationBatch();
        batch.addPrefill(512, 0);

        double flops = 2 * 1e9 * 512 + 4.0 * 16 * 1024 * (512.0 * 513 / 2);

        assertThat(model.flops(batch)).isCloseTo(flops, within(1.0));
    }

    /**
     * Attention at a tenth of peak, matrix products at half: one prompt of 512 tokens on one GPU.
     * Matrix products: 2 x 1e9 x 512 = 1.024e12 FLOPs / (100e12 x 0.5) = 20.48 ms. Attention: 4 x 16
     * x 2,048 x (512 x 513 / 2) = 1.7213e10 FLOPs / (100e12 x 0.1) = 1.7213 ms. Memory: (2e9 +
     * 131,072 x 512) B / (1e12 x 0.8) = 2.58 ms, so compute bounds the iteration; 1 ms overhead.
     */
    @Test
    void attentionEfficiencySlowsOnlyAttention() {
        RooflineParameters slowAttention = new RooflineParameters(0.5, 0.8, 1.0, 5e-6, 1e-3, 2.0, 0.1, 0.0, 0.0);
        RooflinePerformanceModel model = new RooflinePerformanceModel(TestModels.SMALL, TestModels.GPU, 1,
                slowAttention);
        IterationBatch batch = new IterationBatch();
        batch.addPrefill(512, 0);

        double linearSeconds = 2 * 1e9 * 512 / (100e12 * 0.5);
        double attentionSeconds = 4.0 * 16 * 2048 * (512.0 * 513 / 2) / (100e12 * 0.1);

        assertThat(model.computeSeconds(batch)).isCloseTo(linearSeconds + attentionSeconds, within(1e-12));
        assertThat(model.iterationSeconds(batch)).isCloseTo(linearSeconds + attentionSeconds + 1e-3, within(1e-12));
    }

    /**
     * A host time of 10 ms on one GPU. The decode batch of {@link #decodeIsMemoryBound()} needs
     * (2e9 + 131,072 x 8,000) B / 0.8e12 B/s = 3.81 ms of memory time plus 1 ms overhead, less than
     * the host's 10 ms, so the iteration takes 10 ms. A prompt of 512 tokens needs 20.48 + 1.72
     * ms of compute plus 1 ms, more than 10 ms, so the host time hides behind it.
     */
    @Test
    void hostTimeIsFloorOfIteration() {
        RooflineParameters hostBound = new RooflineParameters(0.5, 0.8, 1.0, 5e-6, 1e-3, 2.0, 0.5, 10e-3, 0.0);
        RooflinePerformanceModel model = new RooflinePerformanceModel(TestModels.SMALL, TestModels.GPU, 1, hostBound);
        IterationBatch prefill = new IterationBatch();
        prefill.addPrefill(512, 0);

        double prefillSeconds = (2 * 1e9 * 512 + 4.0 * 16 * 2048 * (512.0 * 513 / 2)) / (100e12 * 0.5) + 1e-3;

        assertThat(model.iterationSeconds(decodeBatch())).isCloseTo(10e-3, within(1e-15));
        assertThat(model.iterationSeconds(prefill)).isCloseTo(prefillSeconds, within(1e-12));
    }

    /**
     * 5 ms per prefilled prompt on top of a 10 ms host floor: three prompts of 16 tokens and two
     * decode steps of 100-token contexts. GPU work: memory (2e9 + 131,072 x (48 + 200)) B / 0.8e12
     * B/s = 2.54 ms plus 1 ms overhead, below the floor, so the iteration takes 10 ms + 3 x 5 ms;
     * the decode steps add no per-prompt cost.
     */
    @Test
    void prefillCostAddsPerPrompt() {
        RooflineParameters perPrompt = new RooflineParameters(0.5, 0.8, 1.0, 5e-6, 1e-3, 2.0, 0.5, 10e-3, 5e-3);
        RooflinePerformanceModel model = new RooflinePerformanceModel(TestModels.SMALL, TestModels.GPU, 1, perPrompt);
        IterationBatch batch = new IterationBatch();
        for (int i = 0; i < 3; i++) {
            batch.addPrefill(16, 0);
        }
        batch.addDecode(100);
        batch.addDecode(100);

        double gpuSeconds = (2e9 + 131_072.0 * (3 * 16 + 2 * 100)) / (1e12 * 0.8) + 1e-3;

        assertThat(gpuSeconds).isLessThan(10e-3);
        assertThat(model.iterationSeconds(batch)).isCloseTo(10e-3 + 3 * 5e-3, within(1e-15));
    }

    @Test
    void cachedPrefixAddsAttentionPairs() {
        IterationBatch batch = new IterationBatch();
        batch.addPrefill(4, 10);

        assertThat(batch.prefillAttentionPairs()).isEqualTo(4 * 10 + 4 * 5 / 2.0);
        assertThat(batch.processedTokens()).isEqualTo(4);
    }

    private static IterationBatch decodeBatch() {
        IterationBatch batch = new IterationBatch();
        for (int i = 0; i < 8; i++) {
            batch.addDecode(1_000);
        }
        return batch;
    }
}
