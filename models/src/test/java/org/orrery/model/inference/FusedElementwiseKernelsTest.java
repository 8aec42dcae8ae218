package org.orrery.model.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Fused norm and rotary-embedding kernels: a fixed time plus the bytes moved at one GPU's bandwidth. */
class FusedElementwiseKernelsTest {
    /** {@link TestModels#SMALL} on one GPU, 2-byte activations, 1e12 B/s. */
    private final FusedElementwiseKernels small = new FusedElementwiseKernels(TestModels.SMALL, 1, 2.0, 1e12);

    /** Width 2,048 at 100 tokens: (4 x 100 + 1) x 2,048 elements x 2 B = 1,642,496 B, 1.642496 us at 1e12 B/s. */
    @Test
    void normMovesInputResidualAndWeight() {
        assertThat(small.rmsNormSeconds(100)).isCloseTo(2.16e-6 + 1.642496e-6, within(1e-15));
    }

    /** 16 query and 16 KV heads of 128 at 100 tokens: (2 x 32 + 1) x 128 x 100 x 2 B = 1,664,000 B. */
    @Test
    void rotaryMovesQueryAndKeyHeads() {
        assertThat(small.rotarySeconds(100)).isCloseTo(2.44e-6 + 1.664e-6, within(1e-15));
    }

    /** Two norms and one rotary embedding: 2 x 3.802496 us + 4.104 us. */
    @Test
    void layerHasTwoNormsAndOneRotary() {
        assertThat(small.perLayerSeconds(100)).isCloseTo(2 * 3.802496e-6 + 4.104e-6, within(1e-15));
    }

    /**
     * Four GPUs and 2 KV heads: each GPU normalizes the full width, so the norm is unchanged. It
     * rotates 16 / 4 = 4 query heads and one KV head, because 2 KV heads cannot be split four ways
     * and each GPU keeps a copy of one: (2 x 5 + 1) x 128 x 100 x 2 B = 281,600 B.
     */
    @Test
    void tensorParallelShardsOnlyTheRotary() {
        ModelSpec grouped = new ModelSpec("grouped", 1e9, 16, 2048, 16, 2, 2.0, 2.0, 4096);
        FusedElementwiseKernels sharded = new FusedElementwiseKernels(grouped, 4, 2.0, 1e12);

        assertThat(sharded.rmsNormSeconds(100)).isCloseTo(small.rmsNormSeconds(100), within(1e-15));
        assertThat(sharded.rotarySeconds(100)).isCloseTo(2.44e-6 + 0.2816e-6, within(1e-15));
    }

    /** At one token the bytes add only (4 + 1) x 2,048 x 2 B = 20,480 B / 1e12 B/s to the fixed norm time. */
    @Test
    void oneTokenIsNearlyTheFixedTime() {
        assertThat(small.rmsNormSeconds(1)).isCloseTo(FusedElementwiseKernels.RMS_NORM_FIXED_SECONDS + 20_480e-12,
                within(1e-15));
    }

    @Test
    void invalidBandwidthIsRejected() {
        assertThatThrownBy(() -> new FusedElementwiseKernels(TestModels.SMALL, 1, 2.0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be positive and finite, got 2.0 B and 0.0 B/s");
        assertThatThrownBy(() -> new FusedElementwiseKernels(TestModels.SMALL, 0, 2.0, 1e12))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tensor parallelism must be at least 1, got 0");
    }
}
