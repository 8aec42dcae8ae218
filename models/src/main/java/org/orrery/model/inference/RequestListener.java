package org.orrery.model.inference;

/** Receives requests that leave a serving instance. */
public interface RequestListener {

    /** Called once when the request's last token is produced or when it is rejected. */
    void requestFinished(LlmRequest request);
}
