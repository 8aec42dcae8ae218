package org.orrery.model.inference;

/** Why an instance refused a request at arrival. Each one means the request could never complete there. */
public enum RejectReason {
    /** Prompt plus output tokens exceed the model's context limit. */
    CONTEXT_LIMIT("context_limit"),
    /** The prompt is longer than the tokens one iteration may batch, so it can never be prefilled. */
    BATCH_TOKEN_LIMIT("batch_token_limit"),
    /** Prompt plus output tokens need more KV cache than the instance has, even alone. */
    KV_CAPACITY("kv_capacity");

    private final String id;

    RejectReason(String id) {
        this.id = id;
    }

    /** Returns the identifier written in result files. */
    public String id() {
        return id;
    }
}
