package org.orrery.experiments.sweep;

/** A sweep that cannot start or finish because of what the user asked for; the CLI exits with status 2. */
public final class SweepException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that states what is wrong and how to fix it. */
    public SweepException(String message) {
        super(message);
    }
}
