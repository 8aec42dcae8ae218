package org.orrery.model.inference;

import org.orrery.model.power.PowerState;

/**
 * The work of one serving iteration, in token counts: prompts being prefilled and sequences taking
 * one decode step. A serving instance fills one object per iteration and reuses it.
 *
 * <p>Attention cost grows with the tokens each new token attends to. A prefill of {@code n} new
 * tokens after {@code c} cached tokens attends over {@code n*c + n*(n+1)/2} (query, key) pairs with
 * causal masking; a decode step attends over the whole context including the new token.
 */
public final class IterationBatch {
    private int prefillSequences;
    private long prefillTokens;
    private double prefillAttentionPairs;
    private long prefillCachedTokens;
    private int decodeSequences;
    private long decodeContextTokens;
    private long expertGroupTokens;

    /** Empties the batch for the next iteration. */
    public void clear() {
        expertGroupTokens = 0;
        prefillSequences = 0;
        prefillTokens = 0;
        prefillAttentionPairs = 0;
        prefillCachedTokens = 0;
        decodeSequences = 0;
        decodeContextTokens = 0;
    }

    /** Adds the prefill of {@code newTokens} tokens to a sequence that already has {@code cachedTokens} in its KV cache. */
    public void addPrefill(long newTokens, long cachedTokens) {
        prefillSequences++;
        prefillTokens += newTokens;
        prefillCachedTokens += cachedTokens;
        prefillAttentionPairs += (double) newTokens * cachedTokens + newTokens * (newTokens + 1.0) / 2.0;
    }

    /** Adds one decode step of a sequence whose context, the new token included, is {@code contextTokens} long. */
    public void addDecode(long contextTokens) {
        decodeSequences++;
        decodeContextTokens += contextTokens;
    }

    public int prefillSequences() {
        return prefillSequences;
    }

    public long prefillTokens() {
        return prefillTokens;
    }

    public double prefillAttentionPairs() {
        return prefillAttentionPairs;
    }

    public long prefillCachedTokens() {
        return prefillCachedTokens;
    }

    public int decodeSequences() {
        return decodeSequences;
    }

    public long decodeContextTokens() {
        return decodeContextTokens;
    }

    /**
     * Sets the tokens that the mixture-of-experts layers route in this iteration: those of every
     * data-parallel rank that steps with this one, because expert parallelism gathers them before
     * the experts. {@link #clear} resets it to the batch's own tokens.
     *
     * @throws IllegalArgumentException if fewer than the batch's own tokens
     */
    public void setExpertGroupTokens(long tokens) {
        if (tokens < processedTokens()) {
            throw new IllegalArgumentException("the expert group routes " + tokens + " tokens, fewer than the "
                    + processedTokens() + " of this batch alone");
        }
        expertGroupTokens = tokens;
    }

    /** Returns the tokens that the mixture-of-experts layers route: the group's if set, else the batch's own. */
    public long expertGroupTokens() {
        return Math.max(expertGroupTokens, processedTokens());
    }

    /** Returns the tokens that pass through the weights: every prefill token plus one per decode step. */
    public long processedTokens() {
        return prefillTokens + decodeSequences;
    }

    /** Returns the power state of the GPUs running this batch: prefill when it prefills any prompt, else decode. */
    public PowerState powerState() {
        return prefillSequences > 0 ? PowerState.PREFILL : PowerState.DECODE;
    }

    /** Returns whether the batch holds no work. */
    public boolean isEmpty() {
        return prefillSequences == 0 && decodeSequences == 0;
    }
}
