package org.orrery.model.carbon;

/** The same intensity at every time, for studies without a grid trace. */
public record ConstantCarbonIntensity(double gramsPerKwh) implements CarbonIntensity {

    /**
     * Validates the intensity.
     *
     * @throws IllegalArgumentException if it is negative or not finite
     */
    public ConstantCarbonIntensity {
        if (!(gramsPerKwh >= 0) || Double.isInfinite(gramsPerKwh)) {
            throw new IllegalArgumentException("carbon intensity must be finite and non-negative, got " + gramsPerKwh
                    + " g/kWh");
        }
    }

    @Override
    public double gramsPerKwhAt(double timeSeconds) {
        return gramsPerKwh;
    }

    @Override
    public double integral(double fromSeconds, double toSeconds) {
        return gramsPerKwh * (toSeconds - fromSeconds);
    }
}
