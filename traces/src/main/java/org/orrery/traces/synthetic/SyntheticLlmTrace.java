package org.orrery.traces.synthetic;

import java.time.Instant;
import java.util.NoSuchElementException;

import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.traces.LlmTraceRecord;
import org.orrery.traces.LlmTraceStream;

/**
 * Generated LLM requests: arrivals of a non-homogeneous Poisson process with a {@link DiurnalRate},
 * and prompt and output token counts from fitted {@link TokenDistribution}s. Records are produced
 * one at a time, so a week of arrivals never sits in memory.
 *
 * <p>Arrivals come from thinning: candidate gaps are exponential at the maximum rate, and a candidate at time {@code t} is kept with probability
 * {@code rate(t) / maxRate}. The expected number of arrivals is the integral of the rate over the
 * window, {@code mean x duration} for whole days. All draws come from one random stream, so the
 * same seed gives the same trace. The record's line number is its 1-based position in the stream.
 */
public final class SyntheticLlmTrace implements LlmTraceStream {
    private final UniformRandomProvider random;
    private final DiurnalRate rate;
    private final TokenDistribution prompts;
    private final TokenDistribution outputs;
    private final double startEpochSeconds;
    private final long startEpochNanos;
    private final double durationSeconds;

    private double offsetSeconds;
    private long produced;
    private LlmTraceRecord next;

    /**
     * Creates a trace of {@code durationSeconds} from {@code start}.
     *
     * @throws IllegalArgumentException if the duration is not positive
     */
    public SyntheticLlmTrace(Instant start, double durationSeconds, DiurnalRate rate, TokenDistribution prompts,
            TokenDistribution outputs, UniformRandomProvider random) {
        if (!(durationSeconds > 0) || Double.isInfinite(durationSeconds)) {
            throw new IllegalArgumentException("synthetic trace duration must be positive, got " + durationSeconds
                    + " s");
        }
        this.random = random;
        this.rate = rate;
        this.prompts = prompts;
        this.outputs = outputs;
        this.startEpochSeconds = start.getEpochSecond() + start.getNano() / 1e9;
        this.startEpochNanos = start.getEpochSecond() * 1_000_000_000L + start.getNano();
        this.durationSeconds = durationSeconds;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = generate();
        }
        return next != null;
    }

    @Override
    public LlmTraceRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the synthetic trace ended after " + produced + " requests");
        }
        LlmTraceRecord record = next;
        next = null;
        return record;
    }

    @Override
    public String sourceName() {
        return "synthetic trace (" + rate + ", prompts " + prompts.describe() + ", outputs " + outputs.describe()
                + ")";
    }

    @Override
    public void close() {
        next = null;
    }

    private LlmTraceRecord generate() {
        double maxRate = rate.maxPerSecond();
        while (true) {
            offsetSeconds += -Math.log(1.0 - random.nextDouble()) / maxRate;
            if (offsetSeconds >= durationSeconds) {
                return null;
            }
            if (random.nextDouble() * maxRate <= rate.perSecondAt(startEpochSeconds + offsetSeconds)) {
                break;
            }
        }
        long arrivalNanos = startEpochNanos + Math.round(offsetSeconds * 1e9);
        Instant arrival = Instant.ofEpochSecond(Math.floorDiv(arrivalNanos, 1_000_000_000L),
                Math.floorMod(arrivalNanos, 1_000_000_000L));
        produced++;
        return new LlmTraceRecord(produced, arrival, prompts.sample(random), outputs.sample(random));
    }
}
