package org.orrery.traces.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.orrery.traces.LlmTraceRecord;

class SyntheticLlmTraceTest {
    private static final Instant MIDNIGHT = Instant.parse("2024-05-12T00:00:00Z");
    private static final TokenDistribution TEN = TokenDistribution.empirical(new int[] {10, 10});

    /**
     * A constant rate of 20 per second for 2,000 s gives a Poisson count with mean and variance
     * 40,000: the count must lie within five standard deviations (5 x 200) of the mean.
     */
    @Test
    void constantRateCountIsPoisson() {
        SyntheticLlmTrace trace = new SyntheticLlmTrace(MIDNIGHT, 2_000, new DiurnalRate(20, 0, 0), TEN, TEN,
                random(1));
        long count = 0;
        Instant previous = MIDNIGHT;
        while (trace.hasNext()) {
            LlmTraceRecord record = trace.next();
            assertThat(record.arrival()).isAfterOrEqualTo(previous);
            previous = record.arrival();
            count++;
        }

        assertThat((double) count).isCloseTo(40_000, within(5 * Math.sqrt(40_000)));
        assertThat(previous).isBefore(MIDNIGHT.plusSeconds(2_000));
    }

    /**
     * Over 20 days at a mean of 2 per second, amplitude 0.5 and peak at 18:00 UTC, the hour
     * 18:00-19:00 expects 20 x 3,600 x 2 x (1 + 0.5 x sinc-averaged cos) arrivals. The hourly average
     * of cos(2 pi (h - 18) / 24) over [18, 19) is sin(pi / 12) / (pi / 12) = 0.98862; over
     * [6, 7), opposite the peak, it is -0.98862. Each count must be within five Poisson standard
     * deviations.
     */
    @Test
    void diurnalRateFollowsHourOfDay() {
        SyntheticLlmTrace trace = new SyntheticLlmTrace(MIDNIGHT, 20 * 86_400.0, new DiurnalRate(2, 0.5, 18), TEN,
                TEN, random(2));
        long[] byHour = new long[24];
        while (trace.hasNext()) {
            byHour[(int) ((trace.next().arrival().getEpochSecond() % 86_400) / 3600)]++;
        }
        double hourAverage = Math.sin(Math.PI / 12) / (Math.PI / 12);
        double peakExpected = 20 * 3600 * 2 * (1 + 0.5 * hourAverage);
        double troughExpected = 20 * 3600 * 2 * (1 - 0.5 * hourAverage);

        assertThat((double) byHour[18]).isCloseTo(peakExpected, within(5 * Math.sqrt(peakExpected)));
        assertThat((double) byHour[6]).isCloseTo(troughExpected, within(5 * Math.sqrt(troughExpected)));
    }

    @Test
    void sameSeedGivesSameTrace() {
        SyntheticLlmTrace first = new SyntheticLlmTrace(MIDNIGHT, 100, new DiurnalRate(5, 0.3, 12),
                TokenDistribution.logNormal(new int[] {10, 100, 1000}), TEN, random(3));
        SyntheticLlmTrace second = new SyntheticLlmTrace(MIDNIGHT, 100, new DiurnalRate(5, 0.3, 12),
                TokenDistribution.logNormal(new int[] {10, 100, 1000}), TEN, random(3));

        while (first.hasNext()) {
            assertThat(second.hasNext()).isTrue();
            assertThat(second.next()).isEqualTo(first.next());
        }
        assertThat(second.hasNext()).isFalse();
    }

    @Test
    void invalidParametersAreRejected() {
        assertThatThrownBy(() -> new DiurnalRate(0, 0.5, 3)).hasMessageContaining("mean arrival rate must be positive");
        assertThatThrownBy(() -> new DiurnalRate(1, 1.0, 3)).hasMessageContaining("amplitude must be in [0, 1)");
        assertThatThrownBy(() -> new DiurnalRate(1, 0.5, 24)).hasMessageContaining("peak hour must be in [0, 24)");
        assertThatThrownBy(() -> new SyntheticLlmTrace(MIDNIGHT, 0, new DiurnalRate(1, 0, 0), TEN, TEN, random(4)))
                .hasMessageContaining("duration must be positive");
    }

    private static UniformRandomProvider random(long seed) {
        return RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
    }
}
