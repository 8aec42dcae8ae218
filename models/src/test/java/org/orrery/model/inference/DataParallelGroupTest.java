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
import org.orrery.model.power.GpuPowerModel;
import org.orrery.model.power.InstancePower;
import org.orrery.model.power.PowerAccount;

class DataParallelGroupTest {
    /** Idle 100 W, prefill at 100% of the 400 W TDP, decode at 50%: 100, 400 and 200 W. */
    private static final GpuPowerModel POWER = new GpuPowerModel(100, 400, 1.0, 0.5);

    /** 0.1 s per iteration, plus 10 ms per token of the rank's own batch and 1 ms per token the group routes. */
    private static final PerformanceModel MODEL = batch -> 0.1 + 0.01 * batch.processedTokens()
            + 0.001 * batch.expertGroupTokens();

    private final Simulation simulation = new Simulation();
    private final List<LlmRequest> finished = new ArrayList<>();
    private final ServingMetrics metrics = new ServingMetrics(60);
    private final PowerAccount account = new PowerAccount(1.0, new ConstantCarbonIntensity(0), 60, 200, 0);

    @AfterEach
    void close() {
        simulation.close();
    }

    /**
     * At t=0 rank 0 gets a request of 10 prompt and 3 output tokens, rank 1 one of 30 and 2.
     * Step 1 prefills both; the group routes 40 tokens, so rank 0 needs 0.1 + 0.1 + 0.04 = 0.24 s
     * and rank 1 0.1 + 0.3 + 0.04 = 0.44 s: the step lasts 0.44 s. Step 2 decodes one token on
     * each rank, 2 tokens in the group: 0.1 + 0.01 + 0.002 = 0.112 s, ending at 0.552 s with rank
     * 1's last token. Step 3 decodes rank 0's last token while rank 1 runs a one-token dummy
     * batch: again 2 tokens and 0.112 s, ending at 0.664 s.
     */
    @Test
    void stepLastsAsLongAsSlowestRank() {
        List<ServingInstance> ranks = ranks(2);
        new DataParallelGroup(simulation, ranks);
        LlmRequest short0 = new LlmRequest(0, 0.0, 10, 3);
        LlmRequest long1 = new LlmRequest(1, 0.0, 30, 2);

        simulation.schedule(0.0, () -> {
            ranks.get(0).submit(short0);
            ranks.get(1).submit(long1);
        });
        simulation.run();

        assertThat(short0.ttftSeconds()).isCloseTo(0.44, within(1e-12));
        assertThat(long1.ttftSeconds()).isCloseTo(0.44, within(1e-12));
        assertThat(long1.endToEndSeconds()).isCloseTo(0.552, within(1e-12));
        assertThat(short0.endToEndSeconds()).isCloseTo(0.664, within(1e-12));
        assertThat(simulation.now()).isCloseTo(0.664, within(1e-12));
    }

    /**
     * The same requests on ranks that step on their own: rank 0's prefill takes 0.1 + 0.1 + 0.01
     * = 0.21 s (it routes only its own 10 tokens), and its decodes 0.1 + 0.01 + 0.001 = 0.111 s,
     * so its first token comes at 0.21 s instead of 0.44 s.
     */
    @Test
    void independentRanksDoNotWait() {
        List<ServingInstance> ranks = ranks(2);
        LlmRequest short0 = new LlmRequest(0, 0.0, 10, 3);

        simulation.schedule(0.0, () -> ranks.get(0).submit(short0));
        simulation.run();

        assertThat(short0.ttftSeconds()).isCloseTo(0.21, within(1e-12));
        assertThat(short0.endToEndSeconds()).isCloseTo(0.21 + 2 * 0.111, within(1e-12));
    }

    /**
     * Rank 1 has no request, so it runs dummy batches during rank 0's three iterations: every step
     * routes rank 0's tokens plus one. Prefill 0.1 + 0.1 + 0.011 = 0.211 s, decodes 0.1 + 0.01 +
     * 0.002 = 0.112 s. Rank 1 draws decode power (200 W) while rank 0 works, then idles (100 W):
     * 200 x 0.435 J until 0.435 s.
     */
    @Test
    void idleRankRunsDummyBatch() {
        List<ServingInstance> ranks = ranks(2);
        new DataParallelGroup(simulation, ranks);
        LlmRequest request = new LlmRequest(0, 0.0, 10, 3);

        simulation.schedule(0.0, () -> ranks.get(0).submit(request));
        simulation.run();

        double end = 0.211 + 2 * 0.112;
        assertThat(request.endToEndSeconds()).isCloseTo(end, within(1e-12));
        assertThat(ranks.get(1).power().gpuEnergyJoules(end)).isCloseTo(200 * end, within(1e-9));
        assertThat(ranks.get(1).power().gpuEnergyJoules(end + 1)).isCloseTo(200 * end + 100, within(1e-9));
    }

    /** A request that arrives while the group is idle wakes it; a rank without work does not keep it stepping. */
    @Test
    void groupSleepsUntilNextArrival() {
        List<ServingInstance> ranks = ranks(2);
        new DataParallelGroup(simulation, ranks);
        LlmRequest first = new LlmRequest(0, 0.0, 10, 1);
        LlmRequest later = new LlmRequest(1, 5.0, 10, 1);

        simulation.schedule(0.0, () -> ranks.get(0).submit(first));
        simulation.schedule(5.0, () -> ranks.get(1).submit(later));
        simulation.run();

        assertThat(first.endToEndSeconds()).isCloseTo(0.211, within(1e-12));
        assertThat(later.endToEndSeconds()).isCloseTo(0.211, within(1e-12));
        assertThat(simulation.now()).isCloseTo(5.211, within(1e-12));
    }

    @Test
    void rankJoinsOnlyOneGroup() {
        List<ServingInstance> ranks = ranks(1);
        new DataParallelGroup(simulation, ranks);

        assertThatThrownBy(() -> new DataParallelGroup(simulation, ranks))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already steps with a data-parallel group");
    }

    private List<ServingInstance> ranks(int count) {
        List<ServingInstance> ranks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            InstancePower power = new InstancePower(account, POWER, 1, 0);
            ranks.add(new ServingInstance(i, simulation, TestModels.SMALL, MODEL, ServingLimits.DEFAULTS, 1e12, power,
                    metrics, finished::add));
        }
        return ranks;
    }
}
