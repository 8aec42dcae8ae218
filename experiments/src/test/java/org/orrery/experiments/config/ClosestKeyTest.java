package org.orrery.experiments.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ClosestKeyTest {
    private static final List<String> SERVING = List.of("accelerator", "instances", "max_batched_tokens",
            "max_running_sequences", "router", "tensor_parallel");

    @Test
    void distanceCountsSwapAsOneEdit() {
        assertThat(ClosestKey.distance("tensor_paralell", "tensor_parallel")).isEqualTo(1);
        assertThat(ClosestKey.distance("rotuer", "router")).isEqualTo(1);
        assertThat(ClosestKey.distance("", "seed")).isEqualTo(4);
        assertThat(ClosestKey.distance("seed", "seed")).isZero();
    }

    @Test
    void findsTyposAndMissingSuffixes() {
        assertThat(ClosestKey.find("instnces", SERVING)).contains("instances");
        assertThat(ClosestKey.find("rotuer", SERVING)).contains("router");
        assertThat(ClosestKey.find("Max_Batch_Tokens", SERVING)).contains("max_batched_tokens");
        assertThat(ClosestKey.find("gpu_cap", List.of("gpu_cap_w", "pue"))).contains("gpu_cap_w");
    }

    @Test
    void distantKeyHasNoSuggestion() {
        assertThat(ClosestKey.find("colour", SERVING)).isEmpty();
        assertThat(ClosestKey.find("x", List.of("pue"))).isEmpty();
        assertThat(ClosestKey.find("anything", List.of())).isEmpty();
    }

    @Test
    void nameMatchesCaseAndUniquePrefix() {
        List<String> models = List.of("Llama-3.1-8B", "Llama-3.1-70B", "Qwen3-32B", "Qwen3-30B-A3B-Instruct-2507");

        assertThat(ClosestKey.findName("llama-3.1-70b", models)).contains("Llama-3.1-70B");
        assertThat(ClosestKey.findName("Qwen3-30B-A3B", models)).contains("Qwen3-30B-A3B-Instruct-2507");
    }

    @Test
    void nameWithSharedPrefixHasNoSuggestion() {
        List<String> models = List.of("Llama-3.1-8B", "Llama-3.1-70B", "Qwen3-32B");

        assertThat(ClosestKey.findName("Llama-3", models)).isEmpty();
        assertThat(ClosestKey.findName("Ll", models)).isEmpty();
        assertThat(ClosestKey.findName("Mistral-7B", models)).isEmpty();
    }

    @Test
    void shortKeyAllowsOneEdit() {
        assertThat(ClosestKey.find("sed", List.of("seed"))).contains("seed");
        assertThat(ClosestKey.find("sd", List.of("seed"))).isEmpty();
    }
}
