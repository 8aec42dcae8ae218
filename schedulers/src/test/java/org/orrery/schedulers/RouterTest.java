package org.orrery.schedulers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.orrery.core.Simulation;
import org.orrery.model.carbon.ConstantCarbonIntensity;
import org.orrery.model.inference.LlmRequest;
import org.orrery.model.inference.ModelSpec;
import org.orrery.model.inference.ServingInstance;
import org.orrery.model.inference.ServingLimits;
import org.orrery.model.inference.ServingMetrics;
import org.orrery.model.power.GpuPowerModel;
import org.orrery.model.power.InstancePower;
import org.orrery.model.power.PowerAccount;

class RouterTest {
    private static final ModelSpec MODEL = new ModelSpec("m", 1e9, 16, 2048, 16, 16, 2, 2, 100_000);

    private final Simulation simulation = new Simulation();
    private final List<ServingInstance> instances = new ArrayList<>();

    @AfterEach
    void close() {
        simulation.close();
    }

    @Test
    void roundRobinCycles() {
        createInstances(3);
        RoundRobinRouter router = new RoundRobinRouter();
        List<Integer> choices = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            choices.add(router.route(new LlmRequest(i, 0, 10, 10), instances));
        }

        assertThat(choices).containsExactly(0, 1, 2, 0, 1, 2, 0);
    }

    /** Instance 0 has 100 + 50 outstanding tokens, instance 1 has 20 + 5, and instance 2 is empty. */
    @Test
    void leastOutstandingTokensPicksLightestInstance() {
        createInstances(3);
        instances.get(0).submit(new LlmRequest(0, 0, 100, 50));
        instances.get(1).submit(new LlmRequest(1, 0, 20, 5));
        LeastOutstandingTokensRouter router = new LeastOutstandingTokensRouter();

        assertThat(instances.get(0).outstandingTokens()).isEqualTo(150);
        assertThat(router.route(new LlmRequest(2, 0, 1, 1), instances)).isEqualTo(2);

        instances.get(2).submit(new LlmRequest(3, 0, 30, 30));
        assertThat(router.route(new LlmRequest(4, 0, 1, 1), instances)).isEqualTo(1);
    }

    @Test
    void leastOutstandingTokensBreaksTiesByIndex() {
        createInstances(4);

        assertThat(new LeastOutstandingTokensRouter().route(new LlmRequest(0, 0, 1, 1), instances)).isZero();
    }

    /**
     * Instance 0 runs 4 requests (score 4); instance 1 runs at most 1, so of its 2 requests 1 runs
     * and 1 waits (4 x 1 + 1 = 5); instance 2 is empty (0). The empty one wins, and of the other
     * two instance 0 wins, although it has more requests.
     */
    @Test
    void vllmDataParallelWeighsWaitingFourTimes() {
        createInstances(4, 1, 4);
        for (int i = 0; i < 4; i++) {
            instances.get(0).submit(new LlmRequest(i, 0, 10, 100));
        }
        instances.get(1).submit(new LlmRequest(4, 0, 10, 100));
        instances.get(1).submit(new LlmRequest(5, 0, 10, 100));
        simulation.runUntil(0.5);
        VllmDataParallelRouter router = new VllmDataParallelRouter();

        assertThat(instances.get(0).runningCount()).isEqualTo(4);
        assertThat(instances.get(1).runningCount()).isEqualTo(1);
        assertThat(instances.get(1).waitingCount()).isEqualTo(1);
        assertThat(router.route(new LlmRequest(6, 0, 1, 1), instances)).isEqualTo(2);
        assertThat(router.route(new LlmRequest(7, 0, 1, 1), instances.subList(0, 2))).isZero();
    }

    @Test
    void vllmDataParallelBreaksTiesByIndex() {
        createInstances(3);

        assertThat(new VllmDataParallelRouter().route(new LlmRequest(0, 0, 1, 1), instances)).isZero();
    }

    private void createInstances(int count) {
        int[] maxRunning = new int[count];
        Arrays.fill(maxRunning, ServingLimits.DEFAULTS.maxRunningSequences());
        createInstances(maxRunning);
    }

    /** Creates one instance per entry, whose iterations take 1 s and that runs at most that many sequences. */
    private void createInstances(int... maxRunning) {
        int count = maxRunning.length;
        ServingLimits defaults = ServingLimits.DEFAULTS;
        PowerAccount account = new PowerAccount(1.0, new ConstantCarbonIntensity(0), 60, 0, 0);
        ServingMetrics metrics = new ServingMetrics(60);
        for (int i = 0; i < count; i++) {
            InstancePower power = new InstancePower(account, new GpuPowerModel(0, 100, 1, 1), 1, 0);
            ServingLimits limits = new ServingLimits(maxRunning[i], defaults.maxBatchedTokens(),
                    defaults.gpuMemoryUtilization(), defaults.kvBlockTokens(), defaults.chunkedPrefill(),
                    defaults.prefixCaching());
            instances.add(new ServingInstance(i, simulation, MODEL, batch -> 1.0, limits, 1e12, power,
                    metrics, request -> { }));
        }
    }
}
