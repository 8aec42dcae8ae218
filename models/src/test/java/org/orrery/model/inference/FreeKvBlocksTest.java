package org.orrery.model.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FreeKvBlocksTest {
    /**
     * Ten blocks. A request takes four and is preempted with three complete blocks and one partial
     * block. The partial block joins the never-used ones, so the first seven allocations leave the
     * request's context alone. The eighth overwrites its third block, and two remain to claim.
     */
    @Test
    void allocationsOverwriteOldestFreeBlocksFirst() {
        FreeKvBlocks free = new FreeKvBlocks(10);
        LlmRequest request = new LlmRequest(0, 0.0, 14, 4);

        free.take(4);
        free.releaseRetained(request, 4, 3);
        assertThat(free.count()).isEqualTo(10);
        assertThat(FreeKvBlocks.retained(request)).isEqualTo(3);

        free.take(7);
        assertThat(FreeKvBlocks.retained(request)).isEqualTo(3);
        free.take(1);
        assertThat(FreeKvBlocks.retained(request)).isEqualTo(2);

        assertThat(free.claim(request)).isEqualTo(2);
        assertThat(free.count()).isZero();
        assertThat(FreeKvBlocks.retained(request)).isZero();
    }

    /** Blocks freed after a preempted request's are overwritten only once its blocks are gone. */
    @Test
    void laterReleasesAreReusedAfterRetainedBlocks() {
        FreeKvBlocks free = new FreeKvBlocks(4);
        LlmRequest request = new LlmRequest(0, 0.0, 8, 4);

        free.take(4);
        free.releaseRetained(request, 2, 2);
        free.release(2);
        free.take(1);

        assertThat(FreeKvBlocks.retained(request)).isEqualTo(1);
        free.take(1);
        assertThat(FreeKvBlocks.retained(request)).isZero();
        assertThat(free.claim(request)).isZero();
        assertThat(free.count()).isEqualTo(2);
    }

    @Test
    void takingMoreThanFreeFails() {
        FreeKvBlocks free = new FreeKvBlocks(3);

        assertThatThrownBy(() -> free.take(4))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only 3 are free");
    }
}
