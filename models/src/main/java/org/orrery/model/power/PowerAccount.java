package org.orrery.model.power;

import org.orrery.core.StepSeries;
import org.orrery.model.carbon.CarbonIntensity;

/**
 * Cluster-wide power, energy and operational carbon, integrated exactly at every change of power.
 *
 * <p>IT power is GPU power plus host power; facility power is IT power times the PUE. Between two
 * changes the power is constant, so energy adds {@code watts x seconds} and operational carbon adds
 * {@code facility watts x integral of intensity / 3.6e6 J per kWh}, which is exact for a
 * step-function intensity as well. Limits: the PUE is constant (no dependence on load or weather).
 */
public final class PowerAccount {
    private static final double JOULES_PER_KWH = 3.6e6;

    private final double pue;
    private final CarbonIntensity intensity;
    private final StepSeries gpuWatts;
    private final StepSeries hostWatts;
    private double carbonGrams;
    private double carbonUntilSeconds;

    /**
     * Creates an account whose power at time 0 is the given GPU and host power.
     *
     * @param binSeconds width of the time bins kept for time series
     * @throws IllegalArgumentException if the PUE is below 1
     */
    public PowerAccount(double pue, CarbonIntensity intensity, double binSeconds, double initialGpuWatts,
            double initialHostWatts) {
        if (!(pue >= 1.0) || Double.isInfinite(pue)) {
            throw new IllegalArgumentException("PUE must be at least 1, got " + pue);
        }
        this.pue = pue;
        this.intensity = intensity;
        this.gpuWatts = new StepSeries(binSeconds, initialGpuWatts);
        this.hostWatts = new StepSeries(binSeconds, initialHostWatts);
    }

    /** Changes GPU power by {@code deltaWatts} from {@code timeSeconds} on. */
    public void addGpuWatts(double timeSeconds, double deltaWatts) {
        accrueCarbon(timeSeconds);
        gpuWatts.add(timeSeconds, deltaWatts);
    }

    /** Changes host power by {@code deltaWatts} from {@code timeSeconds} on. */
    public void addHostWatts(double timeSeconds, double deltaWatts) {
        accrueCarbon(timeSeconds);
        hostWatts.add(timeSeconds, deltaWatts);
    }

    /** Integrates everything up to {@code timeSeconds}, the end of the run. */
    public void finish(double timeSeconds) {
        accrueCarbon(timeSeconds);
        gpuWatts.advance(timeSeconds);
        hostWatts.advance(timeSeconds);
    }

    public double pue() {
        return pue;
    }

    public CarbonIntensity intensity() {
        return intensity;
    }

    /** Returns GPU power over time. */
    public StepSeries gpuWatts() {
        return gpuWatts;
    }

    /** Returns host (non-GPU server) power over time. */
    public StepSeries hostWatts() {
        return hostWatts;
    }

    public double gpuEnergyJoules() {
        return gpuWatts.integral();
    }

    public double hostEnergyJoules() {
        return hostWatts.integral();
    }

    /** Returns GPU plus host energy. */
    public double itEnergyJoules() {
        return gpuWatts.integral() + hostWatts.integral();
    }

    /** Returns IT energy times the PUE. */
    public double facilityEnergyJoules() {
        return itEnergyJoules() * pue;
    }

    /** Returns the operational carbon of the facility energy, in grams CO2e. */
    public double operationalCarbonGrams() {
        return carbonGrams;
    }

    private void accrueCarbon(double timeSeconds) {
        if (timeSeconds > carbonUntilSeconds) {
            double facilityWatts = (gpuWatts.value() + hostWatts.value()) * pue;
            carbonGrams += facilityWatts * intensity.integral(carbonUntilSeconds, timeSeconds) / JOULES_PER_KWH;
            carbonUntilSeconds = timeSeconds;
        }
    }
}
