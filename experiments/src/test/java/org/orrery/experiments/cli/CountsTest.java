package org.orrery.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CountsTest {
    @Test
    void oneIsSingular() {
        assertThat(Counts.of(1, "seed")).isEqualTo("1 seed");
    }

    @Test
    void otherCountsArePlural() {
        assertThat(Counts.of(0, "row")).isEqualTo("0 rows");
        assertThat(Counts.of(4, "scenario")).isEqualTo("4 scenarios");
        assertThat(Counts.of(19366, "row")).isEqualTo("19366 rows");
    }
}
