package org.orrery.model.inference;

import org.orrery.model.power.GpuPowerModel;
import org.orrery.model.power.PowerCap;

/**
 * Stretches the iterations of another performance model by the slowdown of a GPU power limit. The
 * power an iteration would draw without the limit comes from the GPU power model at the batch's
 * state and size (see {@link IterationBatch#powerState()}); {@link PowerCap} turns it into the
 * factor by which the limit slows the iteration. Iterations that draw less than the limit keep their
 * time, so under a limit prefill slows first and small decode batches not at all.
 *
 * <p>Assumptions and limits: the slowdown applies to the whole iteration, as if the GPU held one
 * clock for its length; {@link PowerCap} states where its parameters come from.
 */
public final class PowerCappedPerformanceModel implements PerformanceModel {
    private final PerformanceModel uncapped;
    private final GpuPowerModel power;
    private final PowerCap cap;

    /** Wraps {@code uncapped}, whose times hold at full clocks, with the limit {@code cap} on a GPU whose draw {@code power} models. */
    public PowerCappedPerformanceModel(PerformanceModel uncapped, GpuPowerModel power, PowerCap cap) {
        this.uncapped = uncapped;
        this.power = power;
        this.cap = cap;
    }

    @Override
    public double iterationSeconds(IterationBatch batch) {
        double demand = power.watts(batch.powerState(), batch.processedTokens());
        return uncapped.iterationSeconds(batch) * cap.slowdown(demand, power.tdpWatts());
    }
}
