package org.orrery.model.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class MixtureOfExpertsTest {
    /** Qwen3-30B-A3B: 128 experts, 8 per token, 48 MoE layers. */
    private static final MixtureOfExperts QWEN3_30B = new MixtureOfExperts(128, 8, 48);

    /** One token activates exactly its k experts: 128 x (1 - 120/128) = 8. */
    @Test
    void oneTokenActivatesItsExperts() {
        assertThat(QWEN3_30B.expectedActivatedExperts(1, 1)).isCloseTo(8.0, within(1e-12));
    }

    /**
     * Two tokens of Mixtral-8x7B (8 experts, top 2): 4 choices minus the expected overlap. Each of
     * the second token's 2 experts is among the first token's 2 with probability 2/8, so the
     * overlap is 0.5 and the distinct experts 3.5.
     */
    @Test
    void twoTokensOverlapAsHandComputed() {
        MixtureOfExperts mixtral = new MixtureOfExperts(8, 2, 32);

        assertThat(mixtral.expectedActivatedExperts(2, 1)).isCloseTo(3.5, within(1e-12));
    }

    /** 2 tokens of Qwen3-30B-A3B: 128 x (1 - (15/16)^2) = 128 x 31/256 = 15.5. */
    @Test
    void twoTokensOfQwen3() {
        assertThat(QWEN3_30B.expectedActivatedExperts(2, 1)).isCloseTo(15.5, within(1e-12));
    }

    /**
     * Expert parallelism 2: each GPU stores 64 experts. One token's 8 experts fall half on each GPU
     * on average, so 4; with 2 tokens, 64 x 31/256 = 7.75, half of the 15.5 of one GPU.
     */
    @Test
    void expertParallelismSplitsExperts() {
        assertThat(QWEN3_30B.localExperts(2)).isEqualTo(64);
        assertThat(QWEN3_30B.expectedActivatedExperts(1, 2)).isCloseTo(4.0, within(1e-12));
        assertThat(QWEN3_30B.expectedActivatedExperts(2, 2)).isCloseTo(7.75, within(1e-12));
        assertThat(QWEN3_30B.expectedLocalAssignments(256, 2)).isCloseTo(1024.0, within(1e-9));
    }

    /** Many tokens activate every expert a GPU stores: 64 x (1 - (15/16)^2048) rounds to 64. */
    @Test
    void manyTokensActivateAllLocalExperts() {
        assertThat(QWEN3_30B.expectedActivatedExperts(2048, 2)).isCloseTo(64.0, within(1e-9));
        assertThat(QWEN3_30B.expectedActivatedExperts(0, 2)).isZero();
    }

    /**
     * The formula against exhaustive enumeration: 6 experts, top 2, 3 tokens, expert parallelism 2
     * (experts 0 to 2 on the first GPU). Every one of the 15^3 routings is equally likely under
     * uniform routing, so the mean of the distinct local experts over all of them is the exact
     * expectation.
     */
    @Test
    void formulaMatchesEnumeration() {
        MixtureOfExperts small = new MixtureOfExperts(6, 2, 1);
        List<int[]> pairs = new ArrayList<>();
        for (int a = 0; a < 6; a++) {
            for (int b = a + 1; b < 6; b++) {
                pairs.add(new int[] {a, b});
            }
        }
        double allSum = 0;
        double localSum = 0;
        for (int[] first : pairs) {
            for (int[] second : pairs) {
                for (int[] third : pairs) {
                    boolean[] hit = new boolean[6];
                    for (int[] choice : List.of(first, second, third)) {
                        hit[choice[0]] = true;
                        hit[choice[1]] = true;
                    }
                    for (int expert = 0; expert < 6; expert++) {
                        allSum += hit[expert] ? 1 : 0;
                        localSum += hit[expert] && expert < 3 ? 1 : 0;
                    }
                }
            }
        }
        double routings = Math.pow(pairs.size(), 3);

        assertThat(small.expectedActivatedExperts(3, 1)).isCloseTo(allSum / routings, within(1e-12));
        assertThat(small.expectedActivatedExperts(3, 2)).isCloseTo(localSum / routings, within(1e-12));
    }

    @Test
    void degreeMustDivideExperts() {
        assertThatThrownBy(() -> QWEN3_30B.localExperts(3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expert parallelism 3")
                .hasMessageContaining("128 experts");
    }

    @Test
    void moreExpertsPerTokenThanExpertsIsRejected() {
        assertThatThrownBy(() -> new MixtureOfExperts(4, 8, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("routed to 8 experts, more than the 4 experts");
    }

    @Test
    void negativeTokensAreRejected() {
        assertThatThrownBy(() -> QWEN3_30B.expectedActivatedExperts(-1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got -1.0");
    }

    @Test
    void excessMoeLayersAreRejected() {
        assertThatThrownBy(() -> new ModelSpec("m", 1e9, 16, 2048, 16, 16, 128, 2.0, 2.0, 4096, 1e8,
                new MixtureOfExperts(8, 2, 17)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("moeLayers 17 exceeds layers 16");
    }

    /** 2 GPUs, 1,000 tokens of 4,096 B: each collective takes 6 us + 500 x 4,096 B / 40 GB/s = 57.2 us; two of them. */
    @Test
    void exchangeTakesTwoRingCollectives() {
        ExpertParallelism two = new ExpertParallelism(2, 4096, 40e9, 6e-6);

        assertThat(two.exchangeSeconds(1000)).isCloseTo(2 * (6e-6 + 500 * 4096 / 40e9), within(1e-15));
        assertThat(ExpertParallelism.NONE.exchangeSeconds(1000)).isZero();
    }
}
