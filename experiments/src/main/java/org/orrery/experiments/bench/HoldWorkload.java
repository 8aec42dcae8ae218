package org.orrery.experiments.bench;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.orrery.core.RandomStreams;

/**
 * The engine-independent part of the hold model: the delay stream and a checksum of the executed
 * event order.
 *
 * <p>Every engine runs the same model, so the delays are drawn in execution order from one seeded
 * stream; equal checksums therefore show that the engines executed the same events in the same
 * order at the same times. Delays are exponential with a mean of one second, so N pending events
 * execute at a rate of N events per simulated second.
 */
final class HoldWorkload {
    /** Name of the random stream that the delays come from. */
    static final String STREAM_NAME = "hold-delays";

    private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final ZigguratSampler.Exponential delays;
    private long checksum = FNV_OFFSET_BASIS;
    private long executedEvents;

    HoldWorkload(long seed) {
        UniformRandomProvider stream = new RandomStreams(seed).stream(STREAM_NAME);
        this.delays = ZigguratSampler.Exponential.of(stream);
    }

    /** Draws the next delay in seconds, exponential with mean 1 s. */
    double nextDelaySeconds() {
        return delays.sample();
    }

    /**
     * Adds one executed event to the checksum: FNV-1a over the 64-bit words (entity id, time bits)
     * in execution order.
     */
    void recordExecution(int entityId, double timeSeconds) {
        long hash = (checksum ^ entityId) * FNV_PRIME;
        checksum = (hash ^ Double.doubleToRawLongBits(timeSeconds)) * FNV_PRIME;
        executedEvents++;
    }

    /** Returns the number of model events executed so far. */
    long executedEvents() {
        return executedEvents;
    }

    /** Returns the checksum as 16 lowercase hexadecimal digits. */
    String checksumHex() {
        String digits = Long.toHexString(checksum);
        return "0".repeat(16 - digits.length()) + digits;
    }
}
