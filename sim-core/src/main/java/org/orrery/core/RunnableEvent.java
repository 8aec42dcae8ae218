package org.orrery.core;

/** An {@link Event} that runs a {@link Runnable}: the form behind the lambda-taking schedule calls. */
final class RunnableEvent extends Event {
    private final Runnable action;

    RunnableEvent(Runnable action) {
        if (action == null) {
            throw new NullPointerException("action");
        }
        this.action = action;
    }

    @Override
    protected void fire() {
        action.run();
    }
}
