package org.orrery.model.carbon;

/**
 * Grid carbon intensity over simulation time, in grams CO2e per kWh, as a step function.
 * Simulation time 0 maps to the run's wall-clock origin, so a series read from UTC timestamps
 * lines up with the trace.
 */
public interface CarbonIntensity {

    /** Returns the intensity at {@code timeSeconds}, in g/kWh. */
    double gramsPerKwhAt(double timeSeconds);

    /**
     * Returns the integral of the intensity over {@code [fromSeconds, toSeconds)}, in g/kWh x s.
     * Multiplying by a constant power in watts and dividing by 3.6e6 J/kWh gives grams.
     */
    double integral(double fromSeconds, double toSeconds);
}
