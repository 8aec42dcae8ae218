package org.orrery.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.orrery.experiments.config.ConfigLoader;
import org.orrery.model.inference.LlmRequest;
import org.orrery.model.inference.RequestStatus;

/** Checks that a GPU power limit set in the config reaches the serving instances' time and power. */
class PowerCapScenarioTest {

    @Test
    void capSlowsPrefillAndLowersPeakGpuPower() throws Exception {
        RunResult free = run(List.of());
        RunResult capped = run(List.of("power.gpu_cap_w=400 W"));

        // Prefill on H100 demands its 700 W TDP; under a 400 W limit the default PowerCap gives an
        // effective 368 W and a slowdown of 0.6 + 0.4 / sqrt((368 - 210) / (700 - 210)) = 1.304, so
        // time to first token grows, while decode at small batches stays below the limit.
        assertThat(meanTtft(capped)).isGreaterThan(meanTtft(free) * 1.1);
        // In 50 ms bins the busiest moments of the free run draw more than the limit allows.
        assertThat(peakBinWatts(capped)).isLessThanOrEqualTo(16 * 368.0 + 1e-6).isLessThan(peakBinWatts(free));
        assertThat(capped.statistics().completed()).isEqualTo(free.statistics().completed());
    }

    private static RunResult run(List<String> extra) throws Exception {
        List<String> overrides = new ArrayList<>(List.of("trace.max_requests=400", "output.timeseries_interval_s=0.05"));
        overrides.addAll(extra);
        return ScenarioRunner.run(ConfigLoader.bundled().load(Path.of("configs/quickstart.yaml"), null, overrides));
    }

    private static double meanTtft(RunResult result) {
        return result.requests().stream().filter(r -> r.status() == RequestStatus.COMPLETED)
                .mapToDouble(LlmRequest::ttftSeconds).average().orElseThrow();
    }

    private static double peakBinWatts(RunResult result) {
        var series = result.power().gpuWatts();
        double peak = 0;
        for (int i = 0; i < series.binCount(); i++) {
            peak = Math.max(peak, series.binIntegral(i) / series.binSeconds());
        }
        return peak;
    }
}
