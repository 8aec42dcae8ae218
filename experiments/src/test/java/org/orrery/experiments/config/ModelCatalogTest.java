package org.orrery.experiments.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import org.orrery.model.inference.ModelSpec;

class ModelCatalogTest {
    private final ModelCatalog catalog = ModelCatalog.bundled();

    @Test
    void catalogListsWorkflowModels() {
        assertThat(catalog.names()).contains("Qwen3-32B", "Gemma-3-27B", "Phi-4", "Llava-OneVision-7B", "NVLM-D-72B",
                "DeepSeek-R1-Distill-Qwen-32B");
    }

    /**
     * Untied embeddings 2 x 151,936 x 5,120, a final norm of 5,120, and per layer q and o 5,120 x
     * (64 x 128) each, k and v 5,120 x (8 x 128) each, MLP 3 x 5,120 x 25,600 and two norms of 5,120.
     */
    @Test
    void qwen3ParameterCountUsesHeadDim() {
        double perLayer = 2.0 * 5120 * 8192 + 2.0 * 5120 * 1024 + 3.0 * 5120 * 25600 + 2.0 * 5120;
        double expected = 2.0 * 151936 * 5120 + 64 * perLayer + 5120;

        assertThat(expected).isEqualTo(32_762_106_880.0);
        assertThat(catalog.find("Qwen3-32B").parameterCount()).isEqualTo(expected);
    }

    /** 2 x 64 layers x 8 KV heads x 128 x 2 B; the width 5,120 / 64 = 80 would give 163,840 B. */
    @Test
    void qwen3KvBytesUseHeadDim() {
        ModelSpec qwen = catalog.find("Qwen3-32B");

        assertThat(qwen.headDim()).isEqualTo(128);
        assertThat(qwen.kvBytesPerToken()).isEqualTo(2.0 * 64 * 8 * 128 * 2);
        assertThat(qwen.kvBytesPerToken()).isEqualTo(262_144.0);
    }

    /**
     * Tied embeddings 262,208 x 5,376 counted once, a final norm of 5,376, and per layer q and o
     * 5,376 x (32 x 128) each, k and v 5,376 x (16 x 128) each, MLP 3 x 5,376 x 21,504 and two
     * norms of 5,376.
     */
    @Test
    void gemmaParameterCountWithTiedEmbeddings() {
        double perLayer = 2.0 * 5376 * 4096 + 2.0 * 5376 * 2048 + 3.0 * 5376 * 21504 + 2.0 * 5376;
        double expected = 262208.0 * 5376 + 62 * perLayer + 5376;

        assertThat(expected).isEqualTo(27_008_663_808.0);
        assertThat(catalog.find("Gemma-3-27B").parameterCount()).isEqualTo(expected);
    }

    /**
     * Checks the derived count against the published 14.66B, which is rounded to 0.01B (source in
     * models.yaml). The count has untied embeddings of 2 x 100,352 x 5,120. Each layer adds q and o
     * of 5,120 x 5,120, k and v of 5,120 x (10 x 128), an MLP of 3 x 5,120 x 17,920 and two norms.
     */
    @Test
    void phi4CountMatchesPublishedFigure() {
        assertThat(catalog.find("Phi-4").parameterCount()).isCloseTo(14.66e9, within(0.005e9));
    }

    @Test
    void untyingEmbeddingsAddsVocabTimesHidden() {
        var tied = new ModelCatalog.DenseDecoder(262208, 5376, 21504, 62, 32, 16, 128, true, false);
        var untied = new ModelCatalog.DenseDecoder(262208, 5376, 21504, 62, 32, 16, 128, false, false);

        assertThat(untied.parameterCount() - tied.parameterCount()).isEqualTo(262208.0 * 5376);
    }

    /** 2 x 62 layers x 16 KV heads x 128 x 2 B; the width 5,376 / 32 = 168 would give 666,624 B. */
    @Test
    void gemmaKvBytesUseHeadDim() {
        ModelSpec gemma = catalog.find("Gemma-3-27B");

        assertThat(gemma.headDim()).isEqualTo(128);
        assertThat(gemma.kvBytesPerToken()).isEqualTo(2.0 * 62 * 16 * 128 * 2);
        assertThat(gemma.kvBytesPerToken()).isEqualTo(507_904.0);
    }

    /** q/k/v biases of 5,120 + 2 x 1,024 per layer over 64 layers. */
    @Test
    void qkvBiasAddsThreeVectorsPerLayer() {
        var withBias = new ModelCatalog.DenseDecoder(152064, 5120, 27648, 64, 40, 8, 128, false, true);
        var withoutBias = new ModelCatalog.DenseDecoder(152064, 5120, 27648, 64, 40, 8, 128, false, false);

        assertThat(withBias.parameterCount() - withoutBias.parameterCount()).isEqualTo(64.0 * (5120 + 2 * 1024));
    }

    /**
     * Qwen2.5-32B shape with biases: 2 x 152,064 x 5,120 + 64 x (2 x 5,120^2 + 2 x 5,120 x 1,024
     * + 7,168 + 3 x 5,120 x 27,648 + 2 x 5,120) + 5,120.
     */
    @Test
    void deepSeekDistillParameterCount() {
        double perLayer = 2.0 * 5120 * 5120 + 2.0 * 5120 * 1024 + (5120 + 2 * 1024) + 3.0 * 5120 * 27648
                + 2.0 * 5120;
        double expected = 2.0 * 152064 * 5120 + 64 * perLayer + 5120;

        assertThat(expected).isEqualTo(32_763_876_352.0);
        assertThat(catalog.find("DeepSeek-R1-Distill-Qwen-32B").parameterCount()).isEqualTo(expected);
    }

    /** Llama-2-7B keeps its count: 2 x 32,000 x 4,096 + 32 x (4 x 4,096^2 + 3 x 4,096 x 11,008 + 2 x 4,096) + 4,096. */
    @Test
    void llamaCountUnchangedByHeadDimDefault() {
        double expected = 2.0 * 32000 * 4096 + 32 * (4.0 * 4096 * 4096 + 3.0 * 4096 * 11008 + 2.0 * 4096) + 4096;

        assertThat(expected).isEqualTo(6_738_415_616.0);
        assertThat(catalog.find("Llama-2-7B").parameterCount()).isEqualTo(expected);
        assertThat(catalog.find("Llama-2-7B").headDim()).isEqualTo(128);
    }

    /**
     * Untied embeddings 2 x 151,936 x 2,048 and a final norm of 2,048. Per layer, q and o are
     * 2,048 x (32 x 128) each and k and v 2,048 x (4 x 128) each. Each layer also has two norms of
     * 2,048, q and k norms of 128, a router 2,048 x 128 and 128 experts of 3 x 2,048 x 768, of
     * which 8 are active. The model card gives 30.5B and 3.3B.
     */
    @Test
    void qwen3MoeCountsEveryExpert() {
        double shared = 2.0 * 2048 * 4096 + 2.0 * 2048 * 512 + 2.0 * 2048 + 2.0 * 128 + 2048.0 * 128;
        double expert = 3.0 * 2048 * 768;
        double embeddings = 2.0 * 151936 * 2048 + 2048;
        ModelSpec qwen = catalog.find("Qwen3-30B-A3B-Instruct-2507");

        assertThat(qwen.parameterCount()).isEqualTo(embeddings + 48 * (shared + 128 * expert));
        assertThat(qwen.activeParameterCount()).isEqualTo(embeddings + 48 * (shared + 8 * expert));
        assertThat(qwen.parameterCount()).isCloseTo(30.5e9, org.assertj.core.api.Assertions.within(0.05e9));
        assertThat(qwen.activeParameterCount()).isCloseTo(3.3e9, org.assertj.core.api.Assertions.within(0.06e9));
        assertThat(qwen.kvBytesPerToken()).isEqualTo(2.0 * 48 * 4 * 128 * 2);
    }

    @Test
    void qwen3MoeStatesItsRouting() {
        ModelSpec qwen = catalog.find("Qwen3-30B-A3B-Instruct-2507");

        assertThat(qwen.experts().experts()).isEqualTo(128);
        assertThat(qwen.experts().expertsPerToken()).isEqualTo(8);
        assertThat(qwen.experts().moeLayers()).isEqualTo(48);
        assertThat(catalog.find("Mixtral-8x7B").experts().expertsPerToken()).isEqualTo(2);
        assertThat(catalog.find("Llama-3.1-8B").isMixtureOfExperts()).isFalse();
    }
}
