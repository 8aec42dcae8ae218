package org.orrery.model.power;

/**
 * The power of the GPUs of one serving instance and of the share of their server's host power that
 * follows them. All GPUs of an instance share one state, since tensor parallelism runs them in
 * lockstep. Host power rises linearly from idle to maximum with the fraction of the server's GPUs
 * that are busy, an assumption in place of a measured host power curve.
 */
public final class InstancePower {
    private final PowerAccount account;
    private final GpuPowerModel gpuModel;
    private final PowerCap cap;
    private final int gpuCount;
    private final double hostWattsWhenBusy;
    private PowerState state = PowerState.IDLE;
    private double stateWatts;
    private double gpuEnergyJoules;
    private double lastChangeSeconds;

    /**
     * Creates the power of an instance that starts idle at time 0; the account must already count
     * its GPUs at idle power.
     *
     * @param hostWattsWhenBusy host power added while the instance runs an iteration
     */
    public InstancePower(PowerAccount account, GpuPowerModel gpuModel, int gpuCount, double hostWattsWhenBusy) {
        this(account, gpuModel, null, gpuCount, hostWattsWhenBusy);
    }

    /**
     * Creates the power of an instance whose GPUs run under {@code cap}, or without a limit when it
     * is null; the account must already count its GPUs at idle power.
     *
     * @param hostWattsWhenBusy host power added while the instance runs an iteration
     */
    public InstancePower(PowerAccount account, GpuPowerModel gpuModel, PowerCap cap, int gpuCount,
            double hostWattsWhenBusy) {
        this.account = account;
        this.gpuModel = gpuModel;
        this.cap = cap;
        this.gpuCount = gpuCount;
        this.hostWattsWhenBusy = hostWattsWhenBusy;
        this.stateWatts = gpuCount * gpuModel.watts(PowerState.IDLE);
    }

    /** Switches the instance's GPUs to {@code next} at {@code timeSeconds}, at a batch of one token. */
    public void setState(double timeSeconds, PowerState next) {
        setState(timeSeconds, next, 1);
    }

    /**
     * Switches the instance's GPUs to {@code next} at {@code timeSeconds} for an iteration that
     * processes {@code batchTokens} tokens (see {@link GpuPowerModel#watts(PowerState, long)}).
     */
    public void setState(double timeSeconds, PowerState next, long batchTokens) {
        double newWatts = gpuWatts(next, batchTokens);
        if (next == state && newWatts == stateWatts) {
            return;
        }
        gpuEnergyJoules += stateWatts * (timeSeconds - lastChangeSeconds);
        lastChangeSeconds = timeSeconds;
        account.addGpuWatts(timeSeconds, newWatts - stateWatts);
        if (state == PowerState.IDLE && next != PowerState.IDLE) {
            account.addHostWatts(timeSeconds, hostWattsWhenBusy);
        } else if (state != PowerState.IDLE && next == PowerState.IDLE) {
            account.addHostWatts(timeSeconds, -hostWattsWhenBusy);
        }
        state = next;
        stateWatts = newWatts;
    }

    /** Returns the power of all the instance's GPUs in {@code powerState} at a batch of one token, in watts. */
    public double gpuWatts(PowerState powerState) {
        return gpuWatts(powerState, 1);
    }

    /** Returns the power of all the instance's GPUs in {@code powerState} at a batch of {@code batchTokens}, in watts. */
    public double gpuWatts(PowerState powerState, long batchTokens) {
        double demand = gpuModel.watts(powerState, batchTokens);
        return gpuCount * (cap == null ? demand : cap.watts(demand));
    }

    public PowerState state() {
        return state;
    }

    public int gpuCount() {
        return gpuCount;
    }

    /** Returns the GPU energy of this instance up to {@code timeSeconds}, integrated on its own. */
    public double gpuEnergyJoules(double timeSeconds) {
        return gpuEnergyJoules + stateWatts * (timeSeconds - lastChangeSeconds);
    }
}
