package org.orrery.model.inference;

/**
 * The routed experts of a mixture-of-experts model: how many each MoE layer has, how many each
 * token is sent to (top-k routing), and how many layers are MoE layers.
 *
 * <p>{@link #expectedActivatedExperts} derives how many distinct experts a batch activates on one
 * GPU, which sets how many expert weight matrices that GPU reads. It assumes uniform routing: each
 * token picks its {@code k} experts as a uniformly random set of {@code k} of the {@code E}
 * experts, independently of the other tokens. Then a given expert is among a token's choices with
 * probability {@code k / E}, no token of {@code T} picks it with probability {@code (1 - k / E)^T},
 * and by linearity of expectation a GPU that stores {@code E_local} experts activates
 * {@code E_local x (1 - (1 - k / E)^T)} of them on average. Source of the assumption: models such
 * as Qwen3 MoE train their router with an auxiliary load-balancing loss, which pushes the experts
 * towards equal shares of the tokens.
 *
 * <p>Limits: a trained router is not uniform. Tokens of one prompt tend to share experts, so a
 * prefill chunk activates fewer distinct experts than this predicts, and some experts stay more
 * popular than others, so one GPU of an expert-parallel group can get more than its share. Only
 * the expectation is modelled, not its spread over iterations.
 *
 * @param experts routed experts of each MoE layer
 * @param expertsPerToken experts each token is routed to ({@code k})
 * @param moeLayers layers whose MLP is a mixture of experts
 */
public record MixtureOfExperts(int experts, int expertsPerToken, int moeLayers) {

    /**
     * Validates the counts.
     *
     * @throws IllegalArgumentException if a count is not positive or a token is routed to more
     *     experts than there are
     */
    public MixtureOfExperts {
        if (experts < 1 || expertsPerToken < 1 || moeLayers < 1) {
            throw new IllegalArgumentException("experts, experts per token and MoE layers must be at least 1, got "
                    + experts + ", " + expertsPerToken + " and " + moeLayers);
        }
        if (expertsPerToken > experts) {
            throw new IllegalArgumentException("each token is routed to " + expertsPerToken + " experts, more than the "
                    + experts + " experts of a layer");
        }
    }

    /**
     * Returns the experts that each GPU of an expert-parallel group stores.
     *
     * @param expertParallel GPUs that share the experts; 1 when every GPU stores all of them
     * @throws IllegalArgumentException if the degree is not positive or does not divide the experts
     */
    public int localExperts(int expertParallel) {
        if (expertParallel < 1 || experts % expertParallel != 0) {
            throw new IllegalArgumentException("expert parallelism " + expertParallel + " must be at least 1 and divide "
                    + "the " + experts + " experts of each layer evenly");
        }
        return experts / expertParallel;
    }

    /**
     * Returns the expected number of distinct experts that {@code tokens} tokens activate on one
     * GPU of an expert-parallel group, under uniform routing (see the class documentation).
     *
     * @param tokens tokens routed in the layer, those of every GPU of the group together
     * @param expertParallel GPUs that share the experts; 1 when every GPU stores all of them
     * @throws IllegalArgumentException if {@code tokens} is negative or the degree is invalid
     */
    public double expectedActivatedExperts(double tokens, int expertParallel) {
        if (!(tokens >= 0) || Double.isInfinite(tokens)) {
            throw new IllegalArgumentException("tokens must be finite and non-negative, got " + tokens);
        }
        double missedByOneToken = 1.0 - (double) expertsPerToken / experts;
        return localExperts(expertParallel) * (1.0 - Math.pow(missedByOneToken, tokens));
    }

    /**
     * Returns the expected (token, expert) pairs that one GPU of an expert-parallel group computes:
     * each token has {@code k} pairs, and under uniform routing a GPU holding {@code 1 / p} of the
     * experts gets {@code 1 / p} of them.
     */
    public double expectedLocalAssignments(double tokens, int expertParallel) {
        return tokens * expertsPerToken * localExperts(expertParallel) / experts;
    }
}
