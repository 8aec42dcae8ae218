package org.orrery.core;

/**
 * The event list and run loop behind a {@link Simulation}. All kinds run DSOL's
 * {@code DevsSimulator<Double>} and order events the same way (time, then priority, then
 * scheduling order), so a model produces identical results on each of them; they differ only in
 * speed.
 */
public enum EngineKind {
    /** DSOL's stock red-black-tree event list and its stock run loop. */
    DSOL_STOCK("dsol-stock"),

    /** DSOL's stock run loop over its {@code EventListPriorityQueue}. */
    DSOL_PRIORITY_QUEUE("dsol-priority-queue"),

    /** Orrery's 4-ary heap event list and a lean run loop without per-event notifications. */
    ORRERY("orrery");

    private final String id;

    EngineKind(String id) {
        this.id = id;
    }

    /** Returns the identifier used in configs, result files and benchmark output. */
    public String id() {
        return id;
    }

    /**
     * Parses an identifier such as {@code orrery} or {@code dsol-stock}.
     *
     * @throws IllegalArgumentException naming the value and the accepted identifiers
     */
    public static EngineKind fromId(String value) {
        for (EngineKind kind : values()) {
            if (kind.id.equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown engine '" + value
                + "': expected one of dsol-stock, dsol-priority-queue, orrery");
    }
}
