package org.orrery.model.carbon;

/** A carbon intensity was requested at a simulation time that its series does not cover. */
public final class CarbonSeriesRangeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final double requestedSeconds;
    private final double coveredFromSeconds;
    private final double coveredToSeconds;

    /** Creates the exception with the requested time and the covered range, all in simulation seconds. */
    public CarbonSeriesRangeException(String message, double requestedSeconds, double coveredFromSeconds,
            double coveredToSeconds) {
        super(message);
        this.requestedSeconds = requestedSeconds;
        this.coveredFromSeconds = coveredFromSeconds;
        this.coveredToSeconds = coveredToSeconds;
    }

    public double requestedSeconds() {
        return requestedSeconds;
    }

    public double coveredFromSeconds() {
        return coveredFromSeconds;
    }

    public double coveredToSeconds() {
        return coveredToSeconds;
    }
}
