package org.orrery.core;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Independent random streams derived from one experiment seed, one per named component
 * ("arrivals", "router", ...). A stream's seed depends only on the experiment seed and the name, so
 * adding draws in one component shifts no other component's numbers.
 *
 * <p>Each stream is a xoroshiro128++ generator (Commons RNG {@code XO_RO_SHI_RO_128_PP}) seeded with
 * two 64-bit words obtained by hashing the name (FNV-1a) and mixing it with the seed through the
 * SplitMix64 finalizer. Not thread-safe: a simulation owns its streams.
 */
public final class RandomStreams {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final long seed;
    private final Map<String, UniformRandomProvider> streams = new HashMap<>();

    /** Creates the streams of one experiment seed. */
    public RandomStreams(long seed) {
        this.seed = seed;
    }

    /** Returns the experiment seed. */
    public long seed() {
        return seed;
    }

    /** Returns the stream of {@code name}, creating it on first use; the same name returns the same stream. */
    public UniformRandomProvider stream(String name) {
        return streams.computeIfAbsent(name, this::create);
    }

    private UniformRandomProvider create(String name) {
        long nameHash = fnv1a64(name);
        long first = mix64(seed ^ mix64(nameHash));
        long second = mix64(first + GOLDEN_GAMMA);
        return RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {first, second});
    }

    static long fnv1a64(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    static long mix64(long value) {
        long z = value + GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
