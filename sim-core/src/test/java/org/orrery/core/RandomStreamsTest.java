package org.orrery.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;

class RandomStreamsTest {

    @Test
    void sameSeedAndNameGiveSameSequence() {
        UniformRandomProvider first = new RandomStreams(7).stream("arrivals");
        UniformRandomProvider second = new RandomStreams(7).stream("arrivals");

        for (int i = 0; i < 100; i++) {
            assertThat(first.nextLong()).isEqualTo(second.nextLong());
        }
    }

    @Test
    void drawsInOneStreamDoNotShiftAnother() {
        RandomStreams busy = new RandomStreams(7);
        RandomStreams idle = new RandomStreams(7);
        for (int i = 0; i < 1_000; i++) {
            busy.stream("router").nextDouble();
        }

        assertThat(busy.stream("arrivals").nextLong()).isEqualTo(idle.stream("arrivals").nextLong());
    }

    @Test
    void namesAndSeedsGiveDifferentStreams() {
        long arrivals = new RandomStreams(7).stream("arrivals").nextLong();

        assertThat(new RandomStreams(7).stream("router").nextLong()).isNotEqualTo(arrivals);
        assertThat(new RandomStreams(8).stream("arrivals").nextLong()).isNotEqualTo(arrivals);
    }

    /** A uniform stream's mean over n draws is 1/2 with standard error sqrt(1/12/n); allow 5 of them. */
    @Test
    void streamIsUniformOnAverage() {
        UniformRandomProvider stream = new RandomStreams(1).stream("check");
        int n = 100_000;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += stream.nextDouble();
        }
        double standardError = Math.sqrt(1.0 / 12.0 / n);

        assertThat(sum / n).isCloseTo(0.5, org.assertj.core.data.Offset.offset(5 * standardError));
    }
}
