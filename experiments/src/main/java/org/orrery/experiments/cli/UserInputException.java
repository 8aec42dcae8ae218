package org.orrery.experiments.cli;

/** A problem with what the user asked for (a name, a path, an empty window) that exits with status 2. */
public final class UserInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that states what is wrong and how to fix it. */
    public UserInputException(String message) {
        super(message);
    }
}
