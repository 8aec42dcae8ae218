package org.orrery.experiments.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    private static final String VALID = """
            cluster:
              nodes:
                - server: DGX-H100-80GB
                  count: 1
            model: Llama-3.1-8B
            serving:
              instances: 2
              tensor_parallel: 4
            trace:
              path: bundled:azure-2023-code
            carbon:
              intensity: 400
            """;

    private final ConfigLoader loader = ConfigLoader.bundled();

    @Test
    void validConfigResolvesNamesAndDefaults() {
        Experiment experiment = parse(VALID, List.of());

        assertThat(experiment.accelerator().name()).isEqualTo("H100-SXM5-80GB");
        assertThat(experiment.model().layers()).isEqualTo(32);
        assertThat(experiment.config().serving().router()).isEqualTo("least-outstanding-tokens");
        assertThat(experiment.config().carbon().constantGramsPerKwh()).isEqualTo(400.0);
        assertThat(experiment.resolvedYaml()).contains("pue: 1.2").contains("max_running_sequences: 256");
    }

    @Test
    void overridesAndSeedApply() {
        Experiment experiment = parse(VALID, List.of("serving.instances=1", "cluster.nodes[0].count=2",
                "power.pue=1.5"), 99L);

        assertThat(experiment.config().serving().instances()).isEqualTo(1);
        assertThat(experiment.config().nodes().get(0).count()).isEqualTo(2);
        assertThat(experiment.config().power().pue()).isEqualTo(1.5);
        assertThat(experiment.config().seed()).isEqualTo(99L);
    }

    @Test
    void unknownServerSuggestsClosestName() {
        ConfigException typo = catchThrowableOfType(ConfigException.class,
                () -> parse(VALID.replace("DGX-H100-80GB", "DGX-H100-80G"), List.of()));

        assertThat(typo.problems()).singleElement().asString()
                .startsWith("cluster.nodes[0].server: unknown server 'DGX-H100-80G': did you mean 'DGX-H100-80GB'? "
                        + "Expected one of ");
    }

    @Test
    void unknownModelSuggestsClosestName() {
        ConfigException wrongCase = catchThrowableOfType(ConfigException.class,
                () -> parse(VALID.replace("model: Llama-3.1-8B", "model: Llama-3.1-70b"), List.of()));
        ConfigException shortName = catchThrowableOfType(ConfigException.class,
                () -> parse(VALID, List.of("model=Qwen3-30B-A3B")));

        assertThat(wrongCase.problems()).containsExactly("model: unknown model 'Llama-3.1-70b': did you mean "
                + "'Llama-3.1-70B'? Expected one of " + String.join(", ", ModelCatalog.bundled().names())
                + ", or give the architecture as a mapping");
        assertThat(shortName.problems()).singleElement().asString()
                .startsWith("model: unknown model 'Qwen3-30B-A3B': did you mean 'Qwen3-30B-A3B-Instruct-2507'?");
    }

    @Test
    void overridesDoNotLeakIntoCache() {
        parse(VALID, List.of("serving.instances=1", "power.pue=1.5"), 99L);

        Experiment again = parse(VALID, List.of());

        assertThat(again.config().serving().instances()).isEqualTo(2);
        assertThat(again.config().power().pue()).isEqualTo(1.2);
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        String config = VALID.replace("instances: 2", "instances: two")
                .replace("DGX-H100-80GB", "DGX-Z9")
                .replace("model: Llama-3.1-8B", "model: Llama-9")
                + "colour: blue\n";

        ConfigException error = catchThrowableOfType(ConfigException.class, () -> parse(config, List.of()));

        assertThat(error.problems()).anySatisfy(p -> assertThat(p).startsWith("serving.instances: invalid value 'two'"));
        assertThat(error.problems()).anySatisfy(p -> assertThat(p)
                .startsWith("cluster.nodes[0].server: unknown server 'DGX-Z9'").contains("DGX-H100-80GB"));
        assertThat(error.problems()).anySatisfy(p -> assertThat(p).startsWith("model: unknown model 'Llama-9'")
                .contains("Llama-3.1-70B"));
        assertThat(error.problems()).anySatisfy(p -> assertThat(p).startsWith("colour: unknown key"));
        assertThat(error.getMessage()).startsWith("test.yaml: 4 problems");
    }

    @Test
    void unknownNestedKeyIsRejected() {
        String config = VALID.replace("  tensor_parallel: 4", "  tensor_parallel: 4\n  tensor_paralel: 8");

        assertThatThrownBy(() -> parse(config, List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("serving.tensor_paralel: unknown key: did you mean serving.tensor_parallel? "
                        + "Expected one of accelerator, chunked_prefill");
    }

    @Test
    void unknownKeyWithoutCloseMatchListsKeys() {
        ConfigException error = catchThrowableOfType(ConfigException.class,
                () -> parse(VALID + "colour: blue\n", List.of()));

        assertThat(error.problems()).singleElement().satisfies(p -> assertThat(p)
                .startsWith("colour: unknown key: expected one of carbon, cluster").doesNotContain("did you mean"));
    }

    @Test
    void misspelledTopLevelKeyGetsSuggestion() {
        String config = VALID.replace("carbon:", "carbn:");

        ConfigException error = catchThrowableOfType(ConfigException.class, () -> parse(config, List.of()));

        assertThat(error.problems()).anySatisfy(p -> assertThat(p)
                .startsWith("carbn: unknown key: did you mean carbon? Expected one of"));
    }

    @Test
    void missingRequiredKeysAreNamed() {
        ConfigException error = catchThrowableOfType(ConfigException.class, () -> parse("seed: 3\n", List.of()));

        assertThat(error.problems()).anySatisfy(p -> assertThat(p).startsWith("cluster.nodes: missing or empty"));
        assertThat(error.problems()).anySatisfy(p -> assertThat(p).startsWith("model: missing"));
        assertThat(error.problems()).anySatisfy(p -> assertThat(p).startsWith("serving.instances: missing"));
        assertThat(error.problems()).anySatisfy(p -> assertThat(p).startsWith("trace.path: missing"));
        assertThat(error.problems()).anySatisfy(p -> assertThat(p).startsWith("carbon.intensity: missing"));
    }

    private static final String MOE = """
            cluster:
              nodes:
                - server: PCIe-8xRTX-PRO-6000
            model: Qwen3-30B-A3B-Instruct-2507
            serving:
              instances: 2
              data_parallel: 2
              expert_parallel: true
              router: vllm-data-parallel
              performance:
                model: profile
                profile: bundled:llmservingsim-RTXPRO6000-Qwen3-30B-A3B-tp1
            trace:
              path: bundled:azure-2023-code
            carbon:
              intensity: 400
            """;

    @Test
    void dataParallelGroupsResolve() {
        Experiment experiment = parse(MOE, List.of());

        assertThat(experiment.config().serving().dataParallel()).isEqualTo(2);
        assertThat(experiment.config().serving().expertParallelDegree()).isEqualTo(2);
        assertThat(parse(VALID, List.of()).config().serving().dataParallel()).isEqualTo(1);
        assertThat(parse(VALID, List.of()).config().serving().expertParallel()).isFalse();
    }

    @Test
    void instancesMustFillDataParallelGroups() {
        assertThatThrownBy(() -> parse(MOE, List.of("serving.instances=3")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("serving.data_parallel: invalid value 2: the 3 instances do not split into "
                        + "groups of 2 ranks; set serving.instances to a multiple of data_parallel");
    }

    @Test
    void dataParallelOfDenseModelIsRejected() {
        assertThatThrownBy(() -> parse(VALID, List.of("serving.data_parallel=2")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("serving.data_parallel: Llama-3.1-8B is dense, and vLLM steps the data-parallel "
                        + "ranks of a dense model independently: set data_parallel: 1");
    }

    @Test
    void expertParallelOfDenseModelIsRejected() {
        assertThatThrownBy(() -> parse(VALID, List.of("serving.expert_parallel=true")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("serving.expert_parallel: Llama-3.1-8B is dense and has no experts to spread");
    }

    @Test
    void dataParallelWithoutExpertParallelIsRejected() {
        assertThatThrownBy(() -> parse(MOE, List.of("serving.expert_parallel=false")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("serving.expert_parallel: false with data_parallel 2 is not modelled")
                .hasMessageContaining("set expert_parallel: true");
    }

    @Test
    void expertParallelNeedsProfileModel() {
        assertThatThrownBy(() -> parse(MOE, List.of("serving.performance.model=roofline",
                "serving.performance.profile=")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("serving.expert_parallel: the roofline performance model does not model expert "
                        + "parallelism");
    }

    /** 128 experts do not split over 3 GPUs. */
    @Test
    void expertsMustSplitEvenly() {
        assertThatThrownBy(() -> parse(MOE, List.of("serving.instances=3", "serving.data_parallel=3")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("serving.expert_parallel: the 128 experts of Qwen3-30B-A3B-Instruct-2507 do not "
                        + "split evenly over data_parallel x tensor_parallel = 3 GPUs");
    }

    @Test
    void unknownRouterListsVllmDataParallel() {
        assertThatThrownBy(() -> parse(MOE, List.of("serving.router=random")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("serving.router")
                .hasMessageContaining("vllm-data-parallel");
    }

    @Test
    void tooManyInstancesForCluster() {
        assertThatThrownBy(() -> parse(VALID, List.of("serving.instances=3")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("serving.instances: 3 instances x 4 GPUs need 12 GPUs, but the cluster can place 8");
    }

    /** Llama-3.1-70B has 141 GB of BF16 weights: one 80 GiB GPU at 90% utilization cannot hold them. */
    @Test
    void weightsThatDoNotFitAreRejected() {
        assertThatThrownBy(() -> parse(VALID, List.of("model=Llama-3.1-70B", "serving.tensor_parallel=1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("serving.tensor_parallel: Llama-3.1-70B weights")
                .hasMessageContaining("raise tensor_parallel");
    }

    @Test
    void tensorParallelMustFitOneServer() {
        assertThatThrownBy(() -> parse(VALID, List.of("serving.tensor_parallel=16")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("16 GPUs per instance exceed the 8 GPUs of one server");
    }

    /** H100 TDP 700 W: the lowest supported limit is 0.3 x 700 / 0.92 = 228.3 W. */
    @Test
    void powerCapBelowStaticPowerIsRejected() {
        assertThatThrownBy(() -> parse(VALID, List.of("power.gpu_cap_w=150 W")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("power.gpu_cap_w: value 150.0 W is below the lowest limit the power cap model "
                        + "supports on H100-SXM5-80GB, 228.3 W")
                .hasMessageContaining("raise the limit");
    }

    @Test
    void powerCapAboveTdpIsRejected() {
        assertThatThrownBy(() -> parse(VALID, List.of("power.gpu_cap_w=2000 W")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("power.gpu_cap_w: value 2000.0 W is above the TDP of H100-SXM5-80GB, 700 W")
                .hasMessageContaining("use at most 700 W, or 0 for no limit");
    }

    @Test
    void powerCapDefaultAndUnits() {
        assertThat(parse(VALID, List.of()).config().power().gpuCap()).isNull();

        Experiment capped = parse(VALID, List.of("power.gpu_cap_w=0.4 kW"));

        assertThat(capped.config().power().gpuCap().capWatts()).isEqualTo(400.0);
    }

    @Test
    void valuesOutOfRangeAreRejected() {
        assertThatThrownBy(() -> parse(VALID, List.of("power.pue=0.8")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("power.pue: value 0.8 is out of range");
    }

    @Test
    void unknownBundledTraceIsRejected() {
        assertThatThrownBy(() -> parse(VALID, List.of("trace.path=bundled:azure-2099")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("trace.path: unknown bundled data set 'azure-2099'")
                .hasMessageContaining("bundled:azure-2023-conversation");
    }

    @Test
    void missingTraceFileIsRejected() {
        assertThatThrownBy(() -> parse(VALID, List.of("trace.path=no-such.csv")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("trace.path: file 'no-such.csv' not found");
    }

    @Test
    void malformedOverrideIsRejected() {
        assertThatThrownBy(() -> parse(VALID, List.of("serving.instances")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("expected key.path=value");
        assertThatThrownBy(() -> parse(VALID, List.of("cluster.nodes[5].count=2")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("does not name an existing list entry");
    }

    @Test
    void invalidYamlNamesLine() {
        assertThatThrownBy(() -> parse("cluster:\n  nodes: [\n", List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line ")
                .hasMessageContaining("invalid YAML");
    }

    @Test
    void invalidWindowIsRejected() {
        assertThatThrownBy(() -> parse(VALID, List.of("trace.start=yesterday")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("trace.start: invalid time 'yesterday'");
    }

    @Test
    void missingFileIsReported() {
        assertThatThrownBy(() -> loader.load(Path.of("does-not-exist.yaml"), null, List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("does-not-exist.yaml: 1 problem")
                .hasMessageContaining("file not found");
    }

    @Test
    void chunkedPrefillIsOffUnlessSet() {
        assertThat(parse(VALID, List.of()).config().serving().limits().chunkedPrefill()).isFalse();
        assertThat(parse(VALID, List.of("serving.chunked_prefill=true")).config().serving().limits().chunkedPrefill())
                .isTrue();
    }

    @Test
    void prefixCachingIsOffUnlessSet() {
        assertThat(parse(VALID, List.of()).config().serving().limits().prefixCaching()).isFalse();
        assertThat(parse(VALID, List.of("serving.prefix_caching=true")).config().serving().limits().prefixCaching())
                .isTrue();
    }

    @Test
    void nodesGivenAsMappingAreNamed() {
        assertThatThrownBy(() -> parse(VALID, List.of("cluster.nodes={server: DGX-H100-80GB}")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cluster.nodes: expected a list of entries");
    }

    /** 32 query heads cannot share 64 KV heads; the message names the config keys, not Java fields. */
    @Test
    void inlineModelErrorNamesConfigKeys() {
        String config = VALID.replace("model: Llama-3.1-8B", """
                model:
                  name: odd
                  parameter_count: 1e9
                  layers: 16
                  hidden_size: 2048
                  attention_heads: 32
                  kv_heads: 64
                  max_context_tokens: 4096""");

        assertThatThrownBy(() -> parse(config, List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("attention_heads 32 is not a multiple of kv_heads 64")
                .hasMessageContaining("check the architecture values");
    }

    @Test
    void duplicateKeyIsRejected() {
        assertThatThrownBy(() -> parse(VALID + "serving:\n  instances: 1\n", List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("invalid YAML")
                .hasMessageContaining("serving");
    }

    @Test
    void nameMustBeFolderName() {
        assertThatThrownBy(() -> parse(VALID, List.of("name=../../escape")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("name: invalid value '../../escape'");
    }

    private Experiment parse(String text, List<String> overrides) {
        return parse(text, overrides, null);
    }

    private Experiment parse(String text, List<String> overrides, Long seed) {
        return loader.parse("test.yaml", text, Path.of("."), seed, overrides, Path.of("test.yaml"));
    }
}
