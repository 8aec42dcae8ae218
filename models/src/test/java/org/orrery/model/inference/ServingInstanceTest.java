package org.orrery.model.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.orrery.core.Simulation;
import org.orrery.model.carbon.ConstantCarbonIntensity;
import org.orrery.model.carbon.StepCarbonIntensity;
import org.orrery.model.power.GpuPowerModel;
import org.orrery.model.power.InstancePower;
import org.orrery.model.power.PowerAccount;

class ServingInstanceTest {
    /** Idle 100 W, prefill at 100% of the 400 W TDP, decode at 50%: 100, 400 and 200 W. */
    private static final GpuPowerModel POWER = new GpuPowerModel(100, 400, 1.0, 0.5);

    private final Simulation simulation = new Simulation();
    private final List<LlmRequest> finished = new ArrayList<>();
    private final ServingMetrics metrics = new ServingMetrics(60);

    @AfterEach
    void close() {
        simulation.close();
    }

    /**
     * One request (10 prompt, 3 output tokens) arrives at t=1 on an instance whose iterations take
     * 0.5 s: prefill [1, 1.5] gives the first token, decodes [1.5, 2] and [2, 2.5] the other two.
     */
    @Test
    void singleRequestLatencies() {
        PowerAccount account = new PowerAccount(1.0, new ConstantCarbonIntensity(0), 60, 100, 0);
        ServingInstance instance = instance(account, 1e12, ServingLimits.DEFAULTS);
        LlmRequest request = new LlmRequest(0, 1.0, 10, 3);

        simulation.schedule(1.0, () -> instance.submit(request));
        simulation.run();

        assertThat(request.status()).isEqualTo(RequestStatus.COMPLETED);
        assertThat(request.ttftSeconds()).isEqualTo(0.5);
        assertThat(request.endToEndSeconds()).isEqualTo(1.5);
        assertThat(request.tpotSeconds()).isEqualTo((1.5 - 0.5) / (3 - 1));
        assertThat(finished).containsExactly(request);
        assertThat(instance.outstandingTokens()).isZero();
    }

    /**
     * The same request with a known power schedule: idle 100 W on [0, 1] and [2.5, 4], prefill 400 W
     * on [1, 1.5], decode 200 W on [1.5, 2.5]. Energy = 100 x 2.5 + 400 x 0.5 + 200 x 1 = 650 J.
     * With PUE 1.5 and an intensity of 100 g/kWh before t=2 and 300 g/kWh after:
     * carbon = 1.5 x [(100 x 1 + 400 x 0.5 + 200 x 0.5) x 100 + (200 x 0.5 + 100 x 1.5) x 300] / 3.6e6.
     */
    @Test
    void energyAndCarbonFollowPowerSchedule() {
        StepCarbonIntensity intensity = new StepCarbonIntensity(new double[] {0, 2}, new double[] {100, 300}, 10,
                "test series");
        PowerAccount account = new PowerAccount(1.5, intensity, 60, 100, 0);
        ServingInstance instance = instance(account, 1e12, ServingLimits.DEFAULTS);
        LlmRequest request = new LlmRequest(0, 1.0, 10, 3);

        simulation.schedule(1.0, () -> instance.submit(request));
        simulation.run();
        account.finish(4.0);

        double joules = 100 * 2.5 + 400 * 0.5 + 200 * 1.0;
        double grams = 1.5 * ((100 * 1 + 400 * 0.5 + 200 * 0.5) * 100 + (200 * 0.5 + 100 * 1.5) * 300) / 3.6e6;
        assertThat(account.gpuEnergyJoules()).isCloseTo(joules, within(1e-9));
        assertThat(account.facilityEnergyJoules()).isCloseTo(1.5 * joules, within(1e-9));
        assertThat(instance.power().gpuEnergyJoules(4.0)).isCloseTo(joules, within(1e-9));
        assertThat(account.operationalCarbonGrams()).isCloseTo(grams, within(1e-12));
        assertThat(request.energyJoules()).isCloseTo(400 * 0.5 + 200 * 1.0, within(1e-9));
    }

    /**
     * KV cache of 6 blocks of 4 tokens; two requests of 8 prompt and 8 output tokens arrive at 0;
     * iterations take 1 s. Both prefill (2 blocks each) and take a third block at their first decode.
     * At t=5 each needs a fourth block (13 tokens): none is free, so B, admitted last, is preempted.
     * B's recompute needs 4 blocks but only 2 are free until A completes at t=8 (8 tokens after
     * iterations ending 1..8). B then prefills 13 tokens [8, 9] and decodes twice: done at t=11.
     */
    @Test
    void preemptionRecomputesNewestRequest() {
        PowerAccount account = new PowerAccount(1.0, new ConstantCarbonIntensity(0), 60, 100, 0);
        ServingLimits limits = new ServingLimits(256, 8192, 0.9, 4);
        double sixBlocks = 6 * 4 * TestModels.SMALL.kvBytesPerToken();
        ServingInstance instance = instance(account, sixBlocks, limits, 1.0);
        LlmRequest a = new LlmRequest(0, 0.0, 8, 8);
        LlmRequest b = new LlmRequest(1, 0.0, 8, 8);

        simulation.schedule(0.0, () -> {
            instance.submit(a);
            instance.submit(b);
        });
        simulation.run();

        assertThat(instance.totalKvBlocks()).isEqualTo(6);
        assertThat(a.completionSeconds()).isEqualTo(8.0);
        assertThat(a.preemptions()).isZero();
        assertThat(b.preemptions()).isEqualTo(1);
        assertThat(b.firstTokenSeconds()).isEqualTo(1.0);
        assertThat(b.completionSeconds()).isEqualTo(11.0);
        assertThat(finished).containsExactly(a, b);
        assertThat(instance.freeKvBlocks()).isEqualTo(6);
        assertThat(metrics.preemptions()).isEqualTo(1);
        assertThat(metrics.iterations()).isEqualTo(11);
    }

    @Test
    void requestOverContextLimitIsRejected() {
        ServingInstance instance = instance(new PowerAccount(1.0, new ConstantCarbonIntensity(0), 60, 100, 0),
                1e12, ServingLimits.DEFAULTS);
        LlmRequest request = new LlmRequest(0, 0.0, 4000, 100);

        simulation.schedule(0.0, () -> instance.submit(request));
        simulation.run();

        assertThat(request.status()).isEqualTo(RequestStatus.REJECTED);
        assertThat(request.rejectReason()).isEqualTo(RejectReason.CONTEXT_LIMIT);
        assertThat(finished).containsExactly(request);
    }

    @Test
    void promptOverTokenBudgetIsRejected() {
        ServingInstance instance = instance(new PowerAccount(1.0, new ConstantCarbonIntensity(0), 60, 100, 0),
                1e12, new ServingLimits(256, 512, 0.9, 16));
        LlmRequest request = new LlmRequest(0, 0.0, 600, 10);

        simulation.schedule(0.0, () -> instance.submit(request));
        simulation.run();

        assertThat(request.rejectReason()).isEqualTo(RejectReason.BATCH_TOKEN_LIMIT);
    }

    @Test
    void requestLargerThanCacheIsRejected() {
        ServingLimits limits = new ServingLimits(256, 8192, 0.9, 4);
        ServingInstance instance = instance(new PowerAccount(1.0, new ConstantCarbonIntensity(0), 60, 100, 0),
                6 * 4 * TestModels.SMALL.kvBytesPerToken(), limits);
        LlmRequest request = new LlmRequest(0, 0.0, 20, 5);

        simulation.schedule(0.0, () -> instance.submit(request));
        simulation.run();

        assertThat(request.rejectReason()).isEqualTo(RejectReason.KV_CAPACITY);
    }

    @Test
    void cacheWithoutOneBlockFailsClearly() {
        double capacity = ServingInstance.kvCapacityBytes(TestModels.SMALL, 1e9, 1, ServingLimits.DEFAULTS);

        assertThat(capacity).isEqualTo(1e9 * 0.9 - 2e9);
        assertThatThrownBy(() -> instance(new PowerAccount(1.0, new ConstantCarbonIntensity(0), 60, 100, 0),
                capacity, ServingLimits.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("less than one block")
                .hasMessageContaining("tensor parallelism");
    }

    /** Requests never exceed the sequence limit: with a limit of 2, the third request waits for a slot. */
    @Test
    void runningSequencesStayWithinLimit() {
        ServingInstance instance = instance(new PowerAccount(1.0, new ConstantCarbonIntensity(0), 60, 100, 0),
                1e12, new ServingLimits(2, 8192, 0.9, 16), 1.0);
        List<LlmRequest> requests = List.of(new LlmRequest(0, 0, 5, 2), new LlmRequest(1, 0, 5, 2),
                new LlmRequest(2, 0, 5, 2));

        simulation.schedule(0.0, () -> requests.forEach(instance::submit));
        simulation.run();

        assertThat(requests.get(0).completionSeconds()).isEqualTo(2.0);
        assertThat(requests.get(1).completionSeconds()).isEqualTo(2.0);
        assertThat(requests.get(2).firstTokenSeconds()).isEqualTo(3.0);
        assertThat(requests.get(2).completionSeconds()).isEqualTo(4.0);
    }

    /**
     * With chunked prefill a 600-token prompt over a 512-token budget is served, not rejected:
     * chunk of 512 on [0, 1], the last 88 tokens on [1, 2] with the first token, decodes on [2, 3]
     * and [3, 4].
     */
    @Test
    void chunkedPrefillSplitsLongPrompt() {
        ServingInstance instance = instance(new PowerAccount(1.0, new ConstantCarbonIntensity(0), 60, 100, 0),
                1e12, new ServingLimits(256, 512, 0.9, 16, true), 1.0);
        LlmRequest request = new LlmRequest(0, 0.0, 600, 3);

        simulation.schedule(0.0, () -> instance.submit(request));
        simulation.run();

        assertThat(request.status()).isEqualTo(RequestStatus.COMPLETED);
        assertThat(request.firstTokenSeconds()).isEqualTo(2.0);
        assertThat(request.completionSeconds()).isEqualTo(4.0);
        assertThat(metrics.iterations()).isEqualTo(4);
        assertThat(instance.outstandingTokens()).isZero();
    }

    /** Preemption under chunked prefill frees every block and reports each request exactly once. */
    @Test
    void preemptedRequestCountedOnce() {
        ServingLimits limits = new ServingLimits(256, 8, 0.9, 4, true);
        ServingInstance instance = instance(new PowerAccount(1.0, new ConstantCarbonIntensity(0), 60, 100, 0),
                6 * 4 * TestModels.SMALL.kvBytesPerToken(), limits, 1.0);
        List<LlmRequest> requests = List.of(new LlmRequest(0, 0.0, 8, 8), new LlmRequest(1, 0.0, 8, 8),
                new LlmRequest(2, 0.0, 4, 6));

        simulation.schedule(0.0, () -> requests.forEach(instance::submit));
        simulation.run();

        assertThat(finished).hasSize(3).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(requests);
        assertThat(requests).allSatisfy(r -> assertThat(r.status()).isEqualTo(RequestStatus.COMPLETED));
        assertThat(requests.stream().mapToInt(LlmRequest::preemptions).sum()).isEqualTo(metrics.preemptions());
        assertThat(metrics.preemptions()).isPositive();
        assertThat(instance.freeKvBlocks()).isEqualTo(instance.totalKvBlocks());
        assertThat(instance.outstandingTokens()).isZero();
    }

    /**
     * The scenario of {@link #preemptionRecomputesNewestRequest} with prefix caching. At t=5 B has
     * computed 12 of its 13 tokens, three complete blocks, which stay cached when B is preempted.
     * A's block for its 13th token overwrites B's third block, so when A completes at t=8, B takes
     * back two blocks (8 tokens) and prefills only the other 5 tokens.
     */
    @Test
    void prefixCachingRecomputesOnlyOverwrittenBlocks() {
        List<BatchCounts> batches = new ArrayList<>();
        ServingLimits limits = new ServingLimits(256, 8192, 0.9, 4).withPrefixCaching(true);
        ServingInstance instance = recordingInstance(6 * 4 * TestModels.SMALL.kvBytesPerToken(), limits, batches);
        LlmRequest a = new LlmRequest(0, 0.0, 8, 8);
        LlmRequest b = new LlmRequest(1, 0.0, 8, 8);

        simulation.schedule(0.0, () -> {
            instance.submit(a);
            instance.submit(b);
        });
        simulation.run();

        BatchCounts recompute = batches.get(8);
        assertThat(recompute.prefillSequences()).isEqualTo(1);
        assertThat(recompute.prefillTokens()).isEqualTo(5);
        assertThat(recompute.prefillCachedTokens()).isEqualTo(8);
        assertThat(b.preemptions()).isEqualTo(1);
        assertThat(b.completionSeconds()).isEqualTo(11.0);
        assertThat(instance.freeKvBlocks()).isEqualTo(6);
        assertThat(instance.outstandingTokens()).isZero();
    }

    /** Without prefix caching the same recompute prefills all 13 tokens of B's context. */
    @Test
    void recomputeWithoutPrefixCachingPrefillsWholeContext() {
        List<BatchCounts> batches = new ArrayList<>();
        ServingInstance instance = recordingInstance(6 * 4 * TestModels.SMALL.kvBytesPerToken(),
                new ServingLimits(256, 8192, 0.9, 4), batches);

        simulation.schedule(0.0, () -> {
            instance.submit(new LlmRequest(0, 0.0, 8, 8));
            instance.submit(new LlmRequest(1, 0.0, 8, 8));
        });
        simulation.run();

        assertThat(batches.get(8).prefillTokens()).isEqualTo(13);
        assertThat(batches.get(8).prefillCachedTokens()).isZero();
    }

    /**
     * Four blocks of 4 tokens, a budget of 3 tokens, two requests of 3 prompt and 10 output tokens.
     * A prefills on [0, 1], and B prefills 2 tokens on [1, 2] and 1 on [2, 3]. Both decode from then
     * on. At t=6 A's decode over 9 context tokens needs a third block and none is free, so B is
     * preempted. B's first chunk of 2 tokens would fit in the freed blocks, but as in vLLM nothing
     * is admitted in an iteration that preempted. So [6, 7] has only A's decode, and B is admitted
     * again at t=7.
     */
    @Test
    void iterationThatPreemptsAdmitsNothing() {
        List<BatchCounts> batches = new ArrayList<>();
        ServingInstance instance = recordingInstance(4 * 4 * TestModels.SMALL.kvBytesPerToken(),
                new ServingLimits(256, 3, 0.9, 4, true), batches);
        List<LlmRequest> requests = List.of(new LlmRequest(0, 0.0, 3, 10), new LlmRequest(1, 0.0, 3, 10));

        simulation.schedule(0.0, () -> requests.forEach(instance::submit));
        simulation.run();

        assertThat(requests.get(1).firstTokenSeconds()).isEqualTo(3.0);
        assertThat(batches.get(6).prefillSequences()).isZero();
        assertThat(batches.get(6).decodeSequences()).isEqualTo(1);
        assertThat(batches.get(7).prefillSequences()).isEqualTo(1);
        assertThat(batches.get(7).prefillTokens()).isEqualTo(2);
        assertThat(requests).allSatisfy(r -> assertThat(r.status()).isEqualTo(RequestStatus.COMPLETED));
        assertThat(instance.outstandingTokens()).isZero();
    }

    @Test
    void invalidIterationTimeFailsNamingInstance() {
        InstancePower power = new InstancePower(new PowerAccount(1.0, new ConstantCarbonIntensity(0), 60, 100, 0),
                POWER, 1, 0);
        ServingInstance instance = new ServingInstance(7, simulation, TestModels.SMALL, batch -> Double.NaN,
                ServingLimits.DEFAULTS, 1e12, power, metrics, finished::add);

        simulation.schedule(0.0, () -> instance.submit(new LlmRequest(0, 0.0, 10, 3)));

        assertThatThrownBy(simulation::run)
                .hasStackTraceContaining("instance 7")
                .hasStackTraceContaining("must be positive and finite");
    }

    /** The counts of one recorded iteration. */
    private record BatchCounts(int prefillSequences, long prefillTokens, long prefillCachedTokens,
            int decodeSequences) {
    }

    /** Returns an instance whose iterations take 1 s and that records every batch in {@code batches}. */
    private ServingInstance recordingInstance(double kvBytes, ServingLimits limits, List<BatchCounts> batches) {
        PowerAccount account = new PowerAccount(1.0, new ConstantCarbonIntensity(0), 60, 100, 0);
        InstancePower power = new InstancePower(account, POWER, 1, 0);
        PerformanceModel recording = batch -> {
            batches.add(new BatchCounts(batch.prefillSequences(), batch.prefillTokens(), batch.prefillCachedTokens(),
                    batch.decodeSequences()));
            return 1.0;
        };
        return new ServingInstance(0, simulation, TestModels.SMALL, recording, limits, kvBytes, power, metrics,
                finished::add);
    }

    private ServingInstance instance(PowerAccount account, double kvBytes, ServingLimits limits) {
        return instance(account, kvBytes, limits, 0.5);
    }

    private ServingInstance instance(PowerAccount account, double kvBytes, ServingLimits limits,
            double iterationSeconds) {
        InstancePower power = new InstancePower(account, POWER, 1, 0);
        return new ServingInstance(0, simulation, TestModels.SMALL, batch -> iterationSeconds, limits, kvBytes,
                power, metrics, finished::add);
    }
}
