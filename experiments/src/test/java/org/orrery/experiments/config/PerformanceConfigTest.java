package org.orrery.experiments.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code serving.performance} and {@code power} keys of the profile and batch-dependent power models. */
class PerformanceConfigTest {
    private static final String BASE = """
            cluster:
              nodes:
                - server: Workstation-1xRTX4090
            model: Llama-3.1-8B
            serving:
              instances: 1
            %s
            trace:
              path: bundled:azure-2023-code
            carbon:
              intensity: 400
            """;

    @TempDir
    Path folder;

    @Test
    void profileModelReadsItsKeys() throws IOException {
        Experiment experiment = load("""
                  performance:
                    model: profile
                    profile: bundled:llmservingsim-RTX4090-Llama-3.1-8B-tp1
                    profile_iteration_overhead_s: 0.002
                """.stripTrailing().replace("\n", "\n  "));

        ExperimentConfig.PerformanceConfig performance = experiment.config().serving().performance();
        assertThat(performance.model()).isEqualTo("profile");
        assertThat(performance.profile()).isEqualTo("bundled:llmservingsim-RTX4090-Llama-3.1-8B-tp1");
        assertThat(performance.profileIterationOverheadSeconds()).isEqualTo(0.002);
        assertThat(performance.fitFallback()).isTrue();
        assertThat(performance.fusedElementwise()).isTrue();
    }

    @Test
    void fusedElementwiseCanBeTurnedOff() throws IOException {
        Experiment experiment = load("""
                  performance:
                    model: profile
                    profile: bundled:llmservingsim-v0-H100-Llama-3.1-8B-tp1
                    fused_elementwise: false
                """.stripTrailing().replace("\n", "\n  "));

        assertThat(experiment.config().serving().performance().fusedElementwise()).isFalse();
    }

    @Test
    void rooflineIsTheDefault() throws IOException {
        Experiment experiment = load("");

        assertThat(experiment.config().serving().performance().model()).isEqualTo("roofline");
        assertThat(experiment.config().serving().performance().profile()).isNull();
    }

    @Test
    void profileModelWithoutProfileIsRejected() {
        assertThatThrownBy(() -> load("""
                  performance:
                    model: profile
                """.stripTrailing().replace("\n", "\n  ")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("serving.performance.profile")
                .hasMessageContaining("missing")
                .hasMessageContaining("bundled:llmservingsim-RTXPRO6000-Llama-3.1-8B-tp1");
    }

    @Test
    void profileWithRooflineIsRejected() {
        assertThatThrownBy(() -> load("""
                  performance:
                    profile: bundled:llmservingsim-RTX4090-Llama-3.1-8B-tp1
                """.stripTrailing().replace("\n", "\n  ")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("serving.performance.profile")
                .hasMessageContaining("model: profile");
    }

    @Test
    void unknownPerformanceModelIsRejected() {
        assertThatThrownBy(() -> load("""
                  performance:
                    model: vidur
                """.stripTrailing().replace("\n", "\n  ")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("serving.performance.model")
                .hasMessageContaining("vidur")
                .hasMessageContaining("profile");
    }

    @Test
    void saturatedDecodeFractionAboveOneIsRejected() throws IOException {
        Path file = folder.resolve("power.yaml");
        Files.writeString(file, BASE.formatted("") + "power:\n  decode_saturated_fraction_of_tdp: 1.5\n");

        assertThatThrownBy(() -> ConfigLoader.bundled().load(file, null, List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("power.decode_saturated_fraction_of_tdp")
                .hasMessageContaining("1.5");
    }

    private Experiment load(String servingExtra) throws IOException {
        Path file = folder.resolve("config.yaml");
        Files.writeString(file, BASE.formatted(servingExtra));
        return ConfigLoader.bundled().load(file, null, List.of());
    }
}
