package org.orrery.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.orrery.model.inference.FusedElementwiseKernels;
import org.orrery.traces.profiles.LayerwiseProfile;
import org.orrery.traces.profiles.LayerwiseProfileReader;

/** The fixed times of the fused kernels are the one-token rows of the bundled vLLM profiles. */
class FusedKernelTimesTest {
    private static final List<String> PROFILES = List.of("bundled:llmservingsim-RTX4090-Llama-3.1-8B-tp1",
            "bundled:llmservingsim-RTXPRO6000-Llama-3.1-8B-tp1");

    /** layernorm and final_layernorm: 1.85083, 1.94167, 2.416 and 2.42167 us, mean 2.1575 us. */
    @Test
    void normTimeIsMeanOfProfiledNorms() throws IOException {
        assertThat(meanOneTokenSeconds("layernorm", "final_layernorm"))
                .isCloseTo(FusedElementwiseKernels.RMS_NORM_FIXED_SECONDS, within(0.005e-6));
    }

    /** rotary_emb: 2.17567 and 2.709 us, mean 2.4423 us. */
    @Test
    void rotaryTimeIsMeanOfProfiledRotary() throws IOException {
        assertThat(meanOneTokenSeconds("rotary_emb"))
                .isCloseTo(FusedElementwiseKernels.ROTARY_FIXED_SECONDS, within(0.005e-6));
    }

    private static double meanOneTokenSeconds(String... layers) throws IOException {
        List<String> names = List.of(layers);
        double sum = 0;
        int count = 0;
        for (String reference : PROFILES) {
            LayerwiseProfile profile = LayerwiseProfileReader.read(reference, null);
            List<LayerwiseProfile.LayerTime> rows = profile.dense().stream()
                    .filter(row -> row.count() == 1 && names.contains(row.layer())).toList();
            assertThat(rows).as("one-token rows of %s in %s", names, reference).hasSize(names.size());
            sum += rows.stream().mapToDouble(LayerwiseProfile.LayerTime::seconds).sum();
            count += rows.size();
        }
        return sum / count;
    }
}
