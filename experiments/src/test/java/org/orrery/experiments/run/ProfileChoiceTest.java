package org.orrery.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.orrery.experiments.config.ConfigException;
import org.orrery.experiments.config.ConfigLoader;
import org.orrery.experiments.config.Experiment;

class ProfileChoiceTest {
    private static final String CONFIG = """
            cluster:
              nodes:
                - server: DGX-H100-80GB
            model: Llama-3.1-8B
            serving:
              instances: 1
              performance:
                model: profile
                profile: bundled:llmservingsim-v0-H100-Llama-3.1-8B-tp1
            trace:
              path: bundled:azure-2023-code
              max_requests: 10
            carbon:
              intensity: 400
            """;

    @Test
    void gpuWordsMustMatchTheAccelerator() {
        assertThat(ProfileChoice.measuredOn("NVIDIA GeForce RTX 4090", "RTX-4090-24GB")).isTrue();
        assertThat(ProfileChoice.measuredOn("NVIDIA RTX PRO 6000 Blackwell Server Edition",
                "RTX-PRO-6000-Blackwell-96GB")).isTrue();
        assertThat(ProfileChoice.measuredOn("NVIDIA H100 (form factor not recorded)", "H100-SXM5-80GB")).isTrue();
        assertThat(ProfileChoice.measuredOn("NVIDIA H100 (form factor not recorded)", "A100-SXM4-80GB")).isFalse();
        assertThat(ProfileChoice.measuredOn("NVIDIA GeForce RTX 4090", "H100-SXM5-80GB")).isFalse();
        assertThat(ProfileChoice.measuredOn("unknown GPU", "A100-SXM4-80GB")).isTrue();
    }

    @Test
    void matchingProfileLoads() {
        ProfileChoice choice = ProfileChoice.load(parse(List.of()));

        assertThat(choice.layerTable()).isNotNull();
        assertThat(DataCheck.check(parse(List.of())).problems()).isEmpty();
    }

    @Test
    void profileOfOtherModelRejected() {
        Experiment qwen = parse(List.of("cluster.nodes[0].server=PCIe-8xRTX-PRO-6000", "model=Qwen3-32B",
                "serving.tensor_parallel=1",
                "serving.performance.profile=bundled:llmservingsim-RTXPRO6000-Llama-3.1-8B-tp1"));

        assertThatThrownBy(() -> ProfileChoice.load(qwen)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("was measured for meta-llama/Llama-3.1-8B but the config's model is "
                        + "Qwen3-32B: use a profile of Qwen3-32B or set model: Llama-3.1-8B");
    }

    @Test
    void profileOfOtherDegreeRejected() {
        Experiment tensorParallel4 = parse(List.of("cluster.nodes[0].server=PCIe-8xRTX-PRO-6000",
                "serving.tensor_parallel=4",
                "serving.performance.profile=bundled:llmservingsim-RTXPRO6000-Llama-3.1-8B-tp1"));

        assertThatThrownBy(() -> ProfileChoice.load(tensorParallel4)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("was measured at tensor parallel 1 but serving.tensor_parallel is 4: set "
                        + "serving.tensor_parallel: 1 or use a profile measured at 4");
    }

    @Test
    void profileOfSameModelLoads() {
        Experiment matching = parse(List.of("cluster.nodes[0].server=PCIe-8xRTX-PRO-6000",
                "serving.tensor_parallel=1",
                "serving.performance.profile=bundled:llmservingsim-RTXPRO6000-Llama-3.1-8B-tp1"));

        assertThat(ProfileChoice.load(matching).iteration()).isNotNull();
    }

    @Test
    void profileOfAnotherGpuIsRejected() {
        Experiment onA100 = parse(List.of("cluster.nodes[0].server=DGX-A100-80GB"));

        assertThatThrownBy(() -> ProfileChoice.load(onA100)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("serving.performance.profile: profile "
                        + "'bundled:llmservingsim-v0-H100-Llama-3.1-8B-tp1' was measured on NVIDIA H100")
                .hasMessageContaining("but the instances run on A100-SXM4-80GB: use a profile measured on "
                        + "A100-SXM4-80GB, or set serving.performance.model: roofline");
    }

    @Test
    void missingFolderIsAConfigProblem() {
        Experiment missing = parse(List.of("serving.performance.profile=./no-such-profile"));

        assertThat(DataCheck.check(missing).problems()).singleElement().asString()
                .startsWith("serving.performance.profile: invalid profile './no-such-profile': ");
        assertThatThrownBy(() -> ScenarioRunner.run(missing)).isInstanceOf(ConfigException.class);
    }

    @Test
    void unknownBundledNameIsAConfigProblem() {
        Experiment unknown = parse(List.of("serving.performance.profile=bundled:llmservingsim-v0-H100-Llama-3.1-8B-tp2"));

        assertThat(DataCheck.check(unknown).problems()).singleElement().asString()
                .startsWith("serving.performance.profile: invalid profile "
                        + "'bundled:llmservingsim-v0-H100-Llama-3.1-8B-tp2': ")
                .contains("llmservingsim-v0-H100-Llama-3.1-8B-tp1");
    }

    @Test
    void moeProfileLoadsExperts() {
        Experiment qwen = moe(List.of());

        ProfileChoice choice = ProfileChoice.load(qwen);

        assertThat(choice.iteration().hasExperts()).isTrue();
        assertThat(choice.iteration().experts().experts()).isEqualTo(128);
        assertThat(choice.iteration().moeLayerSeconds().maxActivatedExperts()).isEqualTo(128.0);
    }

    @Test
    void denseModelRejectsMoeProfile() {
        Experiment llama = moe(List.of("model=Llama-3.1-8B"));

        assertThatThrownBy(() -> ProfileChoice.load(llama)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("serving.performance.profile: invalid profile "
                        + "'bundled:llmservingsim-RTXPRO6000-Qwen3-30B-A3B-tp1'")
                .hasMessageContaining("has moe.csv, so it was measured for a mixture of experts, but Llama-3.1-8B is "
                        + "dense: use a profile of Llama-3.1-8B");
    }

    @Test
    void moeModelRejectsDenseProfile() {
        Experiment qwen = moe(List.of("serving.performance.profile=bundled:llmservingsim-RTXPRO6000-Llama-3.1-8B-tp1"));

        assertThatThrownBy(() -> ProfileChoice.load(qwen)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("has no moe.csv, but Qwen3-30B-A3B-Instruct-2507 is a mixture of experts: use a "
                        + "profile measured for Qwen3-30B-A3B-Instruct-2507");
    }

    /** Mixtral has 8 experts, but the Qwen3 table activates up to 128; its 93 GB of weights fit at full memory. */
    @Test
    void oversizedMoeTableIsRejected() {
        Experiment mixtral = moe(List.of("model=Mixtral-8x7B", "serving.gpu_memory_utilization=1.0"));

        assertThatThrownBy(() -> ProfileChoice.load(mixtral)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("moe.csv has a row with 16 activated experts, but Mixtral-8x7B has 8 per layer");
    }

    private static Experiment moe(List<String> overrides) {
        String config = CONFIG.replace("DGX-H100-80GB", "PCIe-8xRTX-PRO-6000")
                .replace("Llama-3.1-8B", "Qwen3-30B-A3B-Instruct-2507")
                .replace("bundled:llmservingsim-v0-H100-Qwen3-30B-A3B-Instruct-2507-tp1",
                        "bundled:llmservingsim-RTXPRO6000-Qwen3-30B-A3B-tp1");
        return ConfigLoader.bundled().parse("moe.yaml", config, Path.of("."), null, overrides, null);
    }

    private static Experiment parse(List<String> overrides) {
        return ConfigLoader.bundled().parse("profile.yaml", CONFIG, Path.of("."), null, overrides, null);
    }
}
