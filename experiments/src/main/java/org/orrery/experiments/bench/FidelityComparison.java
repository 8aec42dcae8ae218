package org.orrery.experiments.bench;

/**
 * One prediction compared with one measurement.
 *
 * @param name what was compared, for example {@code vllm RTX4090 Llama-3.1-8B}
 * @param metric the compared quantity, for example {@code ttft_mean} or {@code decode_mape}
 * @param error relative error: {@code |predicted - measured| / measured}, or a mean of such errors
 * @param target the largest error the project accepts for this comparison
 */
public record FidelityComparison(String name, String metric, double error, double target) {

    /** Returns whether the error is within its target. */
    public boolean passed() {
        return error <= target;
    }
}
