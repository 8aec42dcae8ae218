package org.orrery.traces.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Set;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class TokenDistributionTest {

    /**
     * The fit of counts e^1, e^2, e^3 (as whole numbers 3, 7, 20) has mu = mean(ln 3, ln 7, ln 20)
     * and sigma = the population standard deviation of those logarithms.
     */
    @Test
    void logNormalFitIsMeanAndDeviationOfLogs() {
        TokenDistribution.LogNormal fit = (TokenDistribution.LogNormal) TokenDistribution.logNormal(new int[] {3, 7,
            20});
        double mu = (Math.log(3) + Math.log(7) + Math.log(20)) / 3;
        double variance = (Math.pow(Math.log(3) - mu, 2) + Math.pow(Math.log(7) - mu, 2) + Math.pow(Math.log(20) - mu, 2))
                / 3;

        assertThat(fit.mu()).isCloseTo(mu, within(1e-12));
        assertThat(fit.sigma()).isCloseTo(Math.sqrt(variance), within(1e-12));
    }

    /** Samples of a log-normal with mu 6 and sigma 1 fit back to within five standard errors (sigma / sqrt(n)). */
    @Test
    void logNormalRecoversParameters() {
        UniformRandomProvider random = RandomSource.XO_RO_SHI_RO_128_PP.create(5L);
        ZigguratSampler.NormalizedGaussian gaussian = ZigguratSampler.NormalizedGaussian.of(random);
        int n = 50_000;
        int[] counts = new int[n];
        for (int i = 0; i < n; i++) {
            counts[i] = (int) Math.max(1, Math.round(Math.exp(6 + gaussian.sample())));
        }
        TokenDistribution.LogNormal fit = (TokenDistribution.LogNormal) TokenDistribution.logNormal(counts);

        assertThat(fit.mu()).isCloseTo(6, within(5 / Math.sqrt(n)));
        assertThat(fit.sigma()).isCloseTo(1, within(5 / Math.sqrt(2.0 * n)));
    }

    @Test
    void samplesStayInObservedRange() {
        TokenDistribution fit = TokenDistribution.logNormal(new int[] {5, 50, 500});
        UniformRandomProvider random = RandomSource.XO_RO_SHI_RO_128_PP.create(6L);
        for (int i = 0; i < 10_000; i++) {
            assertThat(fit.sample(random)).isBetween(5, 500);
        }
    }

    @Test
    void empiricalDrawsObservedValuesOnly() {
        TokenDistribution empirical = TokenDistribution.empirical(new int[] {3, 9, 27});
        UniformRandomProvider random = RandomSource.XO_RO_SHI_RO_128_PP.create(7L);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            seen.add(empirical.sample(random));
        }

        assertThat(seen).containsExactlyInAnyOrder(3, 9, 27);
    }

    @Test
    void badSamplesAreRejected() {
        assertThatThrownBy(() -> TokenDistribution.logNormal(new int[] {4}))
                .hasMessageContaining("at least two token counts");
        assertThatThrownBy(() -> TokenDistribution.empirical(new int[] {4, 0}))
                .hasMessageContaining("at least 1, got 0");
    }
}
