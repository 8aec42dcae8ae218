package org.orrery.model.inference;

import java.util.List;

import org.orrery.core.Event;
import org.orrery.core.Simulation;

/**
 * Data-parallel ranks of a mixture-of-experts model that step in lockstep, as vLLM runs them with
 * {@code data_parallel_size > 1}. Each rank is a {@link ServingInstance} with its own scheduler and
 * KV cache. Their MoE layers exchange tokens in collectives, so every rank runs a forward pass in
 * every step: a rank with work runs its batch, and a rank without work runs a dummy batch of one
 * token (vLLM's {@code execute_dummy_batch}). A step starts on all ranks together and ends when the
 * slowest rank is done, so its length is the largest of the ranks' iteration times. Each rank's
 * MoE layers route the tokens of the whole group ({@link IterationBatch#setExpertGroupTokens}):
 * the batches of the ranks with work plus one token per dummy batch. The group is idle, and runs
 * no step, only when no rank has work.
 *
 * <p>Source: vLLM's data-parallel engine loop, in which the ranks of a MoE model agree on each
 * step's token counts in a collective before the forward pass. Assumptions and limits: the dummy
 * batch is never the slowest rank, because its time is not computed. vLLM pads every rank's
 * batch to the largest one when a step runs as a CUDA graph, which this does not model. The
 * collective that synchronizes the ranks before each step takes no time here. A rank that
 * finishes early waits at its step's power, not at a lower one.
 */
public final class DataParallelGroup {
    /** Tokens of the dummy batch that a rank without work runs in a step. */
    static final int DUMMY_BATCH_TOKENS = 1;

    private final Simulation simulation;
    private final List<ServingInstance> ranks;
    private final boolean[] working;
    private final StepStart stepStart = new StepStart();
    private final StepEnd stepEnd = new StepEnd();
    private boolean stepping;

    /**
     * Creates the group and hands the stepping of every rank to it.
     *
     * @throws IllegalArgumentException if there is no rank
     * @throws IllegalStateException if a rank already has requests or another group
     */
    public DataParallelGroup(Simulation simulation, List<ServingInstance> ranks) {
        if (ranks.isEmpty()) {
            throw new IllegalArgumentException("a data-parallel group needs at least one rank");
        }
        this.simulation = simulation;
        this.ranks = List.copyOf(ranks);
        this.working = new boolean[ranks.size()];
        for (ServingInstance rank : this.ranks) {
            rank.joinGroup(this);
        }
    }

    /** Returns the ranks in the order they were given. */
    public List<ServingInstance> ranks() {
        return ranks;
    }

    /** Starts a step after the other events of this instant, unless one is running or already due. */
    void wake() {
        if (!stepping && !stepStart.isPending()) {
            // After every other event of this instant, so requests arriving together share the step.
            simulation.scheduleEvent(simulation.now(), Event.MIN_PRIORITY, stepStart);
        }
    }

    private void startStep() {
        double now = simulation.now();
        long groupTokens = 0;
        boolean anyWork = false;
        for (int i = 0; i < ranks.size(); i++) {
            working[i] = ranks.get(i).prepareIteration(now);
            anyWork |= working[i];
            groupTokens += working[i] ? ranks.get(i).batch().processedTokens() : DUMMY_BATCH_TOKENS;
        }
        if (!anyWork) {
            stepping = false;
            for (ServingInstance rank : ranks) {
                rank.goIdle(now);
            }
            return;
        }

        double stepSeconds = 0;
        for (int i = 0; i < ranks.size(); i++) {
            if (working[i]) {
                ranks.get(i).batch().setExpertGroupTokens(groupTokens);
                stepSeconds = Math.max(stepSeconds, ranks.get(i).modelIterationSeconds());
            }
        }
        for (int i = 0; i < ranks.size(); i++) {
            if (working[i]) {
                ranks.get(i).beginIteration(now, stepSeconds);
            } else {
                ranks.get(i).beginDummyIteration(now);
            }
        }
        stepping = true;
        simulation.scheduleEvent(now + stepSeconds, stepEnd);
    }

    private void endStep() {
        double now = simulation.now();
        for (int i = 0; i < ranks.size(); i++) {
            if (working[i]) {
                ranks.get(i).completeIteration(now);
            }
        }
        startStep();
    }

    /** The group's reusable event that starts a step after an idle period. */
    private final class StepStart extends Event {
        @Override
        protected void fire() {
            startStep();
        }
    }

    /** The group's one reusable end-of-step event. */
    private final class StepEnd extends Event {
        @Override
        protected void fire() {
            endStep();
        }
    }
}
