package org.orrery.experiments.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.orrery.hardware.AcceleratorSpec;
import org.orrery.hardware.HardwareCatalog;
import org.orrery.model.inference.RooflineParameters;

/**
 * Holds Orrery's errors against the bundled measurements at or below the levels reached when these
 * tests were written, so a change that makes a prediction worse fails the build. Where the
 * project's target is not met yet, the test asserts the achieved bound under a NOTE.
 */
class FidelityBenchmarkTest {
    private static List<FidelityComparison> comparisons;
    private static Map<String, Double> errors;

    @BeforeAll
    static void runComparisons() {
        comparisons = FidelityBenchmark.runAll();
        errors = comparisons.stream().collect(Collectors.toMap(c -> c.name() + " " + c.metric(),
                FidelityComparison::error));
    }

    /**
     * Checks the targets of a whole vLLM run: every request completes, mean TTFT within 20%, mean
     * TPOT, mean and P99 end-to-end latency within 10%. The Qwen3-30B-A3B run is the mixture of
     * experts on two RTX PRO 6000, replayed over the link that LLMServingSim's config for the same
     * run gives (see {@link VllmRunFidelity#linkParameters}).
     */
    @ParameterizedTest
    @ValueSource(strings = {"vllm RTX4090 Llama-3.1-8B ", "vllm RTXPRO6000 Llama-3.1-8B ",
        "vllm RTXPRO6000 Qwen3-30B-A3B "})
    void vllmRunMeetsTargets(String run) {
        assertThat(errors.get(run + "completed_requests")).isZero();
        assertThat(errors.get(run + "ttft_mean")).isLessThanOrEqualTo(0.20);
        assertThat(errors.get(run + "tpot_mean")).isLessThanOrEqualTo(0.10);
        assertThat(errors.get(run + "e2e_mean")).isLessThanOrEqualTo(0.10);
        assertThat(errors.get(run + "e2e_p99")).isLessThanOrEqualTo(0.10);
    }

    /** LLMServingSim's link of the RTX PRO 6000 server: 16 of the catalog's 64 GB/s, and 20 us a step. */
    @Test
    void linkComesFromTheRunsClusterConfig() {
        AcceleratorSpec gpu = HardwareCatalog.bundled().accelerator("RTX-PRO-6000-Blackwell-96GB");

        RooflineParameters link = VllmRunFidelity.linkParameters(
                "{\"num_nodes\": 1, \"link_bw\": 16, \"link_latency\": 20000, \"nodes\": []}", gpu);

        assertThat(link.interconnectEfficiency()).isCloseTo(16.0 / 64.0, within(1e-12));
        assertThat(link.allReduceStepLatencySeconds()).isCloseTo(20e-6, within(1e-15));
        assertThat(link.computeEfficiency()).isEqualTo(RooflineParameters.DEFAULTS.computeEfficiency());
    }

    @Test
    void clusterConfigWithoutLinkLatencyIsRejected() {
        AcceleratorSpec gpu = HardwareCatalog.bundled().accelerator("RTX-PRO-6000-Blackwell-96GB");

        assertThatThrownBy(() -> VllmRunFidelity.linkParameters("{\"link_bw\": 16}", gpu))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("link_latency");
    }

    @Test
    void linkFasterThanTheCatalogsIsRejected() {
        AcceleratorSpec gpu = HardwareCatalog.bundled().accelerator("RTX-PRO-6000-Blackwell-96GB");

        assertThatThrownBy(() -> VllmRunFidelity.linkParameters("{\"link_bw\": 100, \"link_latency\": 1000}", gpu))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("link_bw 100.0 GB/s is invalid")
                .hasMessageContaining("64.0 GB/s");
    }

    /** The run's meta.json enables expert parallelism; a meta.json without the key does not. */
    @Test
    void expertParallelFollowsRecordedSetting() {
        assertThat(VllmRunFidelity.expertParallel("{\"enable_expert_parallel\": true}")).isTrue();
        assertThat(VllmRunFidelity.expertParallel("{\"enable_expert_parallel\": false}")).isFalse();
        assertThat(VllmRunFidelity.expertParallel("{\"max_num_seqs\": 128}")).isFalse();
    }

    /** A recorded prefix-caching setting is used, and without one vLLM 0.19.0's default applies: on. */
    @Test
    void prefixCachingFollowsRecordedSetting() {
        assertThat(VllmRunFidelity.prefixCaching("{\"enable_prefix_caching\": false}")).isFalse();
        assertThat(VllmRunFidelity.prefixCaching("{\"enable_prefix_caching\": true}")).isTrue();
        assertThat(VllmRunFidelity.prefixCaching("{\"max_num_seqs\": 128}")).isTrue();
    }

    /**
     * The serving model limited to one sequence with identical requests is an M/D/1 queue. Its mean
     * wait below saturation, and its queue growth above, must match theory within the 99%
     * confidence interval of the simulated mean over the replications.
     */
    @Test
    void servingModelMatchesMd1Theory() {
        List<FidelityComparison> checks = comparisons.stream().filter(c -> c.name().startsWith("load M/D/1")).toList();

        assertThat(checks).hasSize(LoadFidelity.THEORY_LOADS.length);
        for (FidelityComparison check : checks) {
            assertThat(check.error()).as(check.name()).isLessThanOrEqualTo(check.target());
            assertThat(check.target()).as(check.name() + " tolerance").isLessThan(0.10);
        }
    }

    /** The M/D/1 runs grow as 10,000 / (1 - rho) below saturation and have a fixed size above it. */
    @Test
    void theoryRequestsGrowNearSaturation() {
        assertThat(LoadFidelity.theoryRequests(0.5)).isEqualTo(20_000);
        assertThat(LoadFidelity.theoryRequests(0.95)).isEqualTo(200_000);
        assertThat(LoadFidelity.theoryRequests(1.1)).isEqualTo(LoadFidelity.THEORY_REQUESTS_OVERLOADED);
    }

    @Test
    void md1CheckRejectsFullLoad() {
        assertThatThrownBy(() -> LoadFidelity.theoryCheck(LoadFidelity.rtx4090(), 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 1.0");
    }

    @Test
    void fittedRooflineDecodeMeetsTarget() {
        for (String run : new String[] {"Llama-2-70B a100-80gb", "Llama-2-70B h100-80gb", "BLOOM-176B a100-80gb",
            "BLOOM-176B h100-80gb"}) {
            assertThat(errors.get("splitwise-sim " + run + " decode_mape_fitted")).as(run).isLessThanOrEqualTo(0.10);
        }
    }

    @Test
    void fittedRooflinePrefillMeetsTarget() {
        for (String run : new String[] {"Llama-2-70B a100-80gb", "Llama-2-70B h100-80gb", "BLOOM-176B a100-80gb",
            "BLOOM-176B h100-80gb"}) {
            assertThat(errors.get("splitwise-sim " + run + " prefill_mape_fitted")).as(run).isLessThanOrEqualTo(0.10);
        }
    }

    /**
     * Parameters fitted to one model, applied to the other model on the same GPU. NOTE: the 10%
     * target is met only for BLOOM-176B's prefill on A100 and decode on H100. These bounds hold the
     * errors reached when the test was written (14.4% and 22.6% for Llama-2-70B on A100), rounded
     * up to the next percent.
     */
    @Test
    void heldOutRooflineWithinAchievedBounds() {
        String llamaA100 = "splitwise-sim Llama-2-70B a100-80gb ";
        String llamaH100 = "splitwise-sim Llama-2-70B h100-80gb ";
        String bloomA100 = "splitwise-sim BLOOM-176B a100-80gb ";
        String bloomH100 = "splitwise-sim BLOOM-176B h100-80gb ";
        assertThat(errors.get(llamaA100 + "prefill_mape_held_out")).isLessThanOrEqualTo(0.15);
        assertThat(errors.get(llamaA100 + "decode_mape_held_out")).isLessThanOrEqualTo(0.23);
        assertThat(errors.get(llamaH100 + "prefill_mape_held_out")).isLessThanOrEqualTo(0.15);
        assertThat(errors.get(llamaH100 + "decode_mape_held_out")).isLessThanOrEqualTo(0.13);
        assertThat(errors.get(bloomA100 + "prefill_mape_held_out")).isLessThanOrEqualTo(0.10);
        assertThat(errors.get(bloomA100 + "decode_mape_held_out")).isLessThanOrEqualTo(0.13);
        assertThat(errors.get(bloomH100 + "prefill_mape_held_out")).isLessThanOrEqualTo(0.13);
        assertThat(errors.get(bloomH100 + "decode_mape_held_out")).isLessThanOrEqualTo(0.10);
    }

    @Test
    void defaultRooflineWithinAchievedBounds() {
        assertThat(errors.get("splitwise-sim Llama-2-70B h100-80gb decode_mape_default")).isLessThanOrEqualTo(0.10);
        // NOTE: the default parameters miss the 10% target because they were fitted by hand to a few
        // H100 points. These bounds hold the errors measured when the test was written.
        assertThat(errors.get("splitwise-sim Llama-2-70B h100-80gb prefill_mape_default")).isLessThanOrEqualTo(0.15);
        assertThat(errors.get("splitwise-sim Llama-2-70B a100-80gb prefill_mape_default")).isLessThanOrEqualTo(0.23);
        assertThat(errors.get("splitwise-sim Llama-2-70B a100-80gb decode_mape_default")).isLessThanOrEqualTo(0.21);
    }

    @Test
    void averagePowerMeetsTarget() {
        assertThat(errors.get("ML.ENERGY v3 H100 Llama-3.1-8B average_power_mape")).isLessThanOrEqualTo(0.15);
        assertThat(errors.get("ML.ENERGY v3 H100 Llama-3.1-70B average_power_mape")).isLessThanOrEqualTo(0.15);
    }

    @Test
    void llama8bEnergyWithinAchievedBounds() {
        String model = "ML.ENERGY v3 H100 Llama-3.1-8B ";
        // NOTE: the 15% target is not met. With vLLM's fused norm and rotary kernels in place of the
        // table's eager ones, the 8B step is under-predicted at every batch cap, and energy per token
        // by 16% to 30%. These regression bounds hold the errors measured when the test was written
        // (22.7%, 15.1%, 19.6%).
        assertThat(errors.get(model + "energy_per_token_mape")).isLessThanOrEqualTo(0.23);
        assertThat(errors.get(model + "mean_step_mape")).isLessThanOrEqualTo(0.16);
        assertThat(errors.get(model + "decode_step_mape")).isLessThanOrEqualTo(0.20);
    }

    @Test
    void llama70bEnergyAndStepMeetTargets() {
        String model = "ML.ENERGY v3 H100 Llama-3.1-70B ";
        assertThat(errors.get(model + "energy_per_token_mape")).isLessThanOrEqualTo(0.15);
        assertThat(errors.get(model + "mean_step_mape")).isLessThanOrEqualTo(0.15);
        assertThat(errors.get(model + "decode_step_mape")).isLessThanOrEqualTo(0.15);
    }

    /** Linear interpolation between order statistics: the 90th percentile of 1..11 is 10. */
    @Test
    void percentileMatchesNumpyDefault() {
        assertThat(FidelityBenchmark.percentile(new double[] {11, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 90)).isEqualTo(10.0);
        assertThat(FidelityBenchmark.percentile(new double[] {1, 2}, 50)).isEqualTo(1.5);
    }
}
