package org.orrery.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.experiments.config.ConfigException;
import org.orrery.experiments.config.ConfigLoader;
import org.orrery.experiments.config.Experiment;
import org.orrery.experiments.config.ModelCatalog;
import org.orrery.hardware.AcceleratorSpec;
import org.orrery.hardware.HardwareCatalog;
import org.orrery.model.inference.IterationBatch;
import org.orrery.model.inference.LayerTablePerformanceModel;
import org.orrery.model.inference.LayerTableProfile;
import org.orrery.model.inference.LlmRequest;
import org.orrery.model.inference.ModelSpec;
import org.orrery.model.inference.RequestStatus;
import org.orrery.model.inference.RooflineParameters;

/** Reading LLMServingSim's v0 {@code layers.csv} into the layer-table performance model. */
class LayerTableLoaderTest {
    private static final List<String> SUB_LAYERS = List.of("input_layernorm", "q_proj", "k_proj", "v_proj", "rope",
            "o_proj", "post_layernorm", "gate_proj", "up_proj", "act_fn", "down_proj");

    /** Two layers, width 64, 4 query and 2 KV heads of 16: KV = 2 x 2 x 2 x 16 x 2 B = 256 B per token. */
    private static final ModelSpec TINY = new ModelSpec("tiny", 1e6, 2, 64, 4, 2, 2.0, 2.0, 4096);

    @TempDir
    Path folder;

    /**
     * Each of the 11 sub-layers of a layer takes 1,000 ns at 1 token and 3,000 ns at 101, except
     * q_proj at 1 token, measured twice (1,000 and 3,000 ns, mean 2,000): 12 us and 33 us per
     * layer. Embedding and final norm take 500 ns each, lm_head 10 us at 1 sequence and 20 us at
     * 101, attn 4 us at 1 token and 8 us at 101. One more attn row has a cache and is not used.
     *
     * <p>One prompt of 51 tokens and 50 decodes of 1,000 tokens of context: 101 tokens give 33 us
     * per layer, the prompt's attention at 51 tokens is 4 + 4 x 50/100 = 6 us per layer, decode
     * attention is 2 launches of 4 us plus 256 B x 50,000 tokens at 0.5 x 3.35e12 B/s, once per
     * iteration 1 us, output head at 51 sequences 10 + 10 x 50/100 = 15 us.
     */
    @Test
    void tableFileGivesHandComputedIterationTime() throws IOException {
        writeTwoPointTable();
        AcceleratorSpec h100 = HardwareCatalog.bundled().accelerator("H100-SXM5-80GB");
        RooflineParameters parameters = new RooflineParameters(0.5, 0.5, 0.7, 6e-6, 9e-3, 2.0);

        LayerTableProfile profile = LayerTableLoader.load(folder.toString(), null, TINY, 1);
        LayerTablePerformanceModel model = new LayerTablePerformanceModel(profile, TINY, h100, parameters, 0.0, false);
        IterationBatch batch = new IterationBatch();
        batch.addPrefill(51, 0);
        for (int i = 0; i < 50; i++) {
            batch.addDecode(1000);
        }

        assertThat(profile.perLayerSeconds().valueAt(1)).isCloseTo(12e-6, within(1e-15));
        double decodeAttention = 2 * 4e-6 + 256.0 * 50_000 / (0.5 * 3.35e12);
        double expected = 2 * (33e-6 + 6e-6) + decodeAttention + 1e-6 + 15e-6;
        assertThat(model.iterationSeconds(batch)).isCloseTo(expected, within(1e-12));
        assertThat(model.fallbackIterations()).isZero();
    }

    /**
     * The table above: input_layernorm, rope and post_layernorm take 1,000 ns each at 1 token and
     * 3,000 ns at 101; final_layernorm 500 ns at both.
     */
    @Test
    void normAndRotaryRowsAreSummedApart() throws IOException {
        writeTwoPointTable();

        LayerTableProfile profile = LayerTableLoader.load(folder.toString(), null, TINY, 1);

        assertThat(profile.normAndRotarySeconds().valueAt(1)).isCloseTo(3e-6, within(1e-15));
        assertThat(profile.normAndRotarySeconds().valueAt(101)).isCloseTo(9e-6, within(1e-15));
        assertThat(profile.finalNormSeconds().valueAt(51)).isCloseTo(0.5e-6, within(1e-15));
    }

    @Test
    void missingSubLayerNamesIt() throws IOException {
        StringBuilder csv = new StringBuilder("layer_name,input,kv_cache,tp_size,latency(ns)\n");
        for (String layer : SUB_LAYERS) {
            if (!layer.equals("rope")) {
                csv.append(layer).append(",1,0,1,1000\n");
            }
        }
        Files.writeString(folder.resolve("layers.csv"), csv);

        assertThatThrownBy(() -> LayerTableLoader.load(folder.toString(), null, TINY, 1))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("serving.performance.profile: layer table")
                .hasMessageContaining("has no rows for sub-layer rope");
    }

    @Test
    void subLayerMeasuredOverFewerTokensIsRejected() throws IOException {
        StringBuilder csv = new StringBuilder("layer_name,input,kv_cache,tp_size,latency(ns)\n");
        for (String layer : List.of("embedding", "final_layernorm", "lm_head", "attn")) {
            csv.append(layer).append(",1,0,1,1000\n");
        }
        for (String layer : SUB_LAYERS) {
            csv.append(layer).append(",1,0,1,1000\n");
            if (!layer.equals("act_fn")) {
                csv.append(layer).append(",101,0,1,3000\n");
            }
        }
        Files.writeString(folder.resolve("layers.csv"), csv);

        assertThatThrownBy(() -> LayerTableLoader.load(folder.toString(), null, TINY, 1))
                .hasMessageContaining("has no rows of sub-layer act_fn around 101 tokens");
    }

    @Test
    void otherTensorParallelDegreeIsRejected() {
        ModelSpec model = ModelCatalog.bundled().find("Llama-3.1-8B");

        assertThatThrownBy(() -> LayerTableLoader.load("bundled:llmservingsim-v0-H100-Llama-3.1-8B-tp1", null, model, 2))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("was measured at tp_size 1 but serving.tensor_parallel is 2")
                .hasMessageContaining("set serving.tensor_parallel: 1");
    }

    @Test
    void otherModelIsRejected() {
        ModelSpec model = ModelCatalog.bundled().find("Llama-3.1-70B");

        assertThatThrownBy(() -> LayerTableLoader.load("bundled:llmservingsim-v0-H100-Llama-3.1-8B-tp1", null, model, 1))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("was measured for Llama-3.1-8B but the config's model is Llama-3.1-70B");
    }

    /** The bundled 8B table, selected as a profile in a config, runs a scenario to the end. */
    @Test
    void configSelectsBundledTable() throws IOException {
        RunResult result = ScenarioRunner.run(bundledTableExperiment(""));

        assertThat(result.requests()).hasSize(40);
        assertThat(result.requests()).allMatch(request -> request.status() == RequestStatus.COMPLETED
                || request.status() == RequestStatus.REJECTED);
        assertThat(result.requests()).anyMatch(request -> request.status() == RequestStatus.COMPLETED);
    }

    private void writeTwoPointTable() throws IOException {
        StringBuilder csv = new StringBuilder("layer_name,input,kv_cache,tp_size,latency(ns)\n");
        for (String layer : SUB_LAYERS) {
            csv.append(layer).append(",1,0,1,1000\n").append(layer).append(",101,0,1,3000\n");
        }
        csv.append("q_proj,1,512,1,3000\n");
        csv.append("embedding,1,0,1,500\nembedding,101,0,1,500\n");
        csv.append("final_layernorm,1,0,1,500\nfinal_layernorm,101,0,1,500\n");
        csv.append("lm_head,1,0,1,10000\nlm_head,101,0,1,20000\n");
        csv.append("attn,1,0,1,4000\nattn,101,0,1,8000\nattn,1,256,1,999999\n");
        Files.writeString(folder.resolve("layers.csv"), csv);
    }

    /**
     * The same 40 requests with the table's norm and rotary rows: every token takes longer, so the
     * mean time per output token grows.
     */
    @Test
    void measuredNormRowsSlowTheRun() throws IOException {
        RunResult fused = ScenarioRunner.run(bundledTableExperiment(""));
        RunResult measured = ScenarioRunner.run(bundledTableExperiment("fused_elementwise: false"));

        assertThat(meanTpotSeconds(measured)).isGreaterThan(meanTpotSeconds(fused));
    }

    private Experiment bundledTableExperiment(String extraPerformanceKey) throws IOException {
        Path config = folder.resolve("v0.yaml");
        Files.writeString(config, """
                cluster:
                  nodes:
                    - server: DGX-H100-80GB
                model: Llama-3.1-8B
                serving:
                  instances: 1
                  performance:
                    model: profile
                    profile: bundled:llmservingsim-v0-H100-Llama-3.1-8B-tp1
                    %s
                trace:
                  path: bundled:azure-2023-conversation
                  max_requests: 40
                carbon:
                  intensity: 400
                """.formatted(extraPerformanceKey));
        return ConfigLoader.bundled().load(config, null, List.of());
    }

    private static double meanTpotSeconds(RunResult result) {
        return result.requests().stream().filter(request -> request.status() == RequestStatus.COMPLETED
                && request.outputTokens() > 1).mapToDouble(LlmRequest::tpotSeconds).average().orElseThrow();
    }
}
