package org.orrery.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.orrery.hardware.AcceleratorSpec.TensorPrecision;

class SpecRecordsTest {

    private static AcceleratorSpec accelerator(double tdpWatts, double idlePowerWatts, double memoryBytes) {
        return new AcceleratorSpec("X1", "Acme", TensorPrecision.BF16, 100e12, memoryBytes, 1e12, tdpWatts,
                idlePowerWatts, 32e9, 0.0, 0.0, 1e8);
    }

    private static ServerSpec server(int acceleratorCount, double hostIdleWatts, double hostMaxWatts) {
        return new ServerSpec("S1", accelerator(300, 30, 16e9), acceleratorCount, "Acme CPU", 2, "Acme NIC", 2, 50e9, hostIdleWatts,
                hostMaxWatts, 0.0, 1e8);
    }

    @Test
    void acceleratorAcceptsZeroPriceAndCarbon() {
        AcceleratorSpec spec = accelerator(300, 0, 16e9);

        assertThat(spec.priceUsdPerSecond()).isZero();
        assertThat(spec.embodiedCarbonGrams()).isZero();
        assertThat(spec.idlePowerWatts()).isZero();
    }

    @Test
    void acceleratorRejectsNonPositiveMemory() {
        assertThatThrownBy(() -> accelerator(300, 30, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("memoryBytes must be positive and finite, but is 0.0");
    }

    @Test
    void acceleratorRejectsNaN() {
        assertThatThrownBy(() -> accelerator(Double.NaN, 30, 16e9))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tdpWatts must be positive and finite, but is NaN");
    }

    @Test
    void acceleratorRejectsInfiniteMemory() {
        assertThatThrownBy(() -> accelerator(300, 30, Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("memoryBytes must be positive and finite");
    }

    @Test
    void acceleratorRejectsNegativeIdle() {
        assertThatThrownBy(() -> accelerator(300, -1, 16e9))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("idlePowerWatts must be zero or positive and finite, but is -1.0");
    }

    @Test
    void acceleratorRejectsIdleAboveTdp() {
        assertThatThrownBy(() -> accelerator(300, 301, 16e9))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("idlePowerWatts (301.0) exceeds tdpWatts (300.0); idlePowerWatts must be at most tdpWatts");
    }

    @Test
    void acceleratorRejectsBlankName() {
        assertThatThrownBy(() -> new AcceleratorSpec(" ", "Acme", TensorPrecision.BF16, 1, 1, 1, 1, 0, 1, 0, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must be a non-blank text, but is ' '");
    }

    @Test
    void acceleratorRejectsNullPrecision() {
        assertThatThrownBy(() -> new AcceleratorSpec("X1", "Acme", null, 1, 1, 1, 1, 0, 1, 0, 0, 1))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("denseTensorPrecision");
    }

    @Test
    void serverTotalsAddAccelerators() {
        ServerSpec spec = server(4, 200, 800);

        assertThat(spec.idlePowerWatts()).isEqualTo(200 + 4 * 30.0);
        assertThat(spec.maxPowerWatts()).isEqualTo(800 + 4 * 300.0);
    }

    @Test
    void serverRejectsZeroAccelerators() {
        assertThatThrownBy(() -> server(0, 200, 800))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("acceleratorCount must be positive, but is 0");
    }

    @Test
    void serverRejectsIdleAboveMax() {
        assertThatThrownBy(() -> server(4, 900, 800))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("hostIdlePowerWatts (900.0) exceeds hostMaxPowerWatts (800.0)");
    }

    @Test
    void sourcedValueNeedsReasonOrCitation() {
        assertThatThrownBy(() -> new SourcedValue("X1", "tdp", "700 W", "", true, "", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("X1.tdp is an assumption without a reason");
        assertThatThrownBy(() -> new SourcedValue("X1", "tdp", "700 W", "", false, "", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("X1.tdp has neither a source nor an assumption");
    }

    @Test
    void describeShowsDerivedSource() {
        SourcedValue value = new SourcedValue("X1", "idlePower", "60 W", "trace T", true, "1st percentile", "n");

        assertThat(value.describe()).isEqualTo("idlePower = 60 W (assumption: 1st percentile; derived from: trace T; note: n)");
    }
}
