package org.orrery.model.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelSpecTest {

    /** Without headDim the width is 2,048 / 16 = 128, so KV = 2 x 16 layers x 16 heads x 128 x 2 B. */
    @Test
    void headDimDefaultsToHiddenOverHeads() {
        ModelSpec model = new ModelSpec("small", 1e9, 16, 2048, 16, 16, 2.0, 2.0, 4096);

        assertThat(model.headDim()).isEqualTo(128);
        assertThat(model.attentionWidth()).isEqualTo(2048);
        assertThat(model.kvBytesPerToken()).isEqualTo(2.0 * 16 * 16 * 128 * 2);
    }

    /**
     * Qwen3-32B shape: width 5,120 with 64 heads of 128, not 5,120 / 64 = 80. KV = 2 x 64 layers x
     * 8 KV heads x 128 x 2 B = 262,144 B, and the query width is 64 x 128 = 8,192.
     */
    @Test
    void explicitHeadDimSetsKvAndAttentionWidth() {
        ModelSpec model = new ModelSpec("qwen3-32b-shape", 32.8e9, 64, 5120, 64, 8, 128, 2.0, 2.0, 40960, 32.8e9);

        assertThat(model.headDim()).isEqualTo(128);
        assertThat(model.attentionWidth()).isEqualTo(8192);
        assertThat(model.kvBytesPerToken()).isEqualTo(262_144.0);
    }

    @Test
    void hiddenNotMultipleOfHeadsRejectedWithoutHeadDim() {
        assertThatThrownBy(() -> new ModelSpec("odd", 1e9, 16, 5000, 64, 8, 2.0, 2.0, 4096))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hiddenSize 5000 is not a multiple of attentionHeads 64")
                .hasMessageContaining("give headDim explicitly");
    }

    @Test
    void hiddenNotMultipleOfHeadsAcceptedWithHeadDim() {
        ModelSpec model = new ModelSpec("odd", 1e9, 16, 5000, 64, 8, 128, 2.0, 2.0, 4096, 1e9);

        assertThat(model.headDim()).isEqualTo(128);
    }

    @Test
    void nonPositiveHeadDimRejected() {
        assertThatThrownBy(() -> new ModelSpec("m", 1e9, 16, 2048, 16, 16, 0, 2.0, 2.0, 4096, 1e9))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("headDim must be positive");
    }

    /** Zero heads must be reported as such, not fail with a division by zero while deriving headDim. */
    @Test
    void zeroHeadsRejectedWithoutHeadDim() {
        assertThatThrownBy(() -> new ModelSpec("m", 1e9, 16, 2048, 0, 16, 2.0, 2.0, 4096))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attentionHeads must be positive");
    }

    @Test
    void headsNotMultipleOfKvHeadsRejectedWithHeadDim() {
        assertThatThrownBy(() -> new ModelSpec("m", 1e9, 16, 2048, 12, 8, 128, 2.0, 2.0, 4096, 1e9))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attentionHeads 12 is not a multiple of kvHeads 8");
    }
}
