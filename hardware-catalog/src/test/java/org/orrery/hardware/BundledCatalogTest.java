package org.orrery.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.orrery.hardware.AcceleratorSpec.TensorPrecision;

class BundledCatalogTest {

    private static final double GIB = 1024.0 * 1024 * 1024;
    private static final double SECONDS_PER_YEAR = 365.25 * 24 * 3600;

    private final HardwareCatalog catalog = HardwareCatalog.bundled();

    @Test
    void bundledCatalogListsAllParts() {
        assertThat(catalog.accelerators()).extracting(AcceleratorSpec::name).containsExactly(
                "A100-SXM4-80GB", "A100-SXM4-40GB", "A100-PCIe-80GB", "H100-SXM5-80GB", "H100-PCIe-80GB",
                "H200-SXM-141GB", "B200-SXM-180GB", "L40S-48GB", "L4-24GB", "V100-SXM2-32GB", "MI300X-192GB",
                "RTX-PRO-6000-Blackwell-96GB", "RTX-4090-24GB", "H800-SXM5-80GB");
        assertThat(catalog.servers()).extracting(ServerSpec::name).containsExactly(
                "DGX-A100-80GB", "DGX-H100-80GB", "HGX-H200-141GB", "PCIe-8xL40S", "HGX-H800-80GB",
                "PCIe-8xRTX-PRO-6000", "Workstation-1xRTX4090");
    }

    @Test
    void bundledIsLoadedOnce() {
        assertThat(HardwareCatalog.bundled()).isSameAs(catalog);
    }

    @Test
    void h100MatchesSourceFile() {
        // aiconfigurator h100_sxm.yaml: bfloat16_tc_flops 989 TFLOPS, mem_capacity 80 GiB as a byte
        // count, mem_bw 3350 GB/s, power 700 W, intra_node_bw 450 GB/s per direction.
        AcceleratorSpec h100 = catalog.accelerator("H100-SXM5-80GB");

        assertThat(h100.vendor()).isEqualTo("NVIDIA");
        assertThat(h100.denseTensorPrecision()).isEqualTo(TensorPrecision.BF16);
        assertThat(h100.denseTensorFlopsPerSecond()).isEqualTo(989e12);
        assertThat(h100.memoryBytes()).isEqualTo(80 * GIB);
        assertThat(h100.memoryBytes()).isEqualTo(85_899_345_920.0);
        assertThat(h100.memoryBandwidthBytesPerSecond()).isEqualTo(3350e9);
        assertThat(h100.tdpWatts()).isEqualTo(700.0);
        assertThat(h100.intraNodeBandwidthBytesPerSecond()).isEqualTo(450e9);
    }

    @Test
    void h100AssumptionsFollowTheirDerivation() {
        AcceleratorSpec h100 = catalog.accelerator("H100-SXM5-80GB");

        // Idle power: 15 % of TDP, the measured A100 ratio 60 W / 400 W.
        assertThat(h100.idlePowerWatts()).isCloseTo(60.0 / 400.0 * 700.0, within(1e-9));

        // ACT at 5 nm: Taiwan grid 583 g/kWh x 2.75 kWh/cm2, mean of the 95 % and 99 % abatement GHG
        // (430 and 225 g/cm2), 500 g/cm2 materials, yield 0.875, on 8.14 cm2; plus 80 GB x 65 g/GB.
        double diePerCm2 = (583 * 2.75 + (430 + 225) / 2.0 + 500) / 0.875;
        double expectedGrams = 8.14 * diePerCm2 + 80 * 65;
        assertThat(h100.embodiedCarbonGrams()).isCloseTo(expectedGrams, within(50.0));

        // GreenSKU server lifetime: 72 months.
        assertThat(h100.lifetimeYears()).isCloseTo(72 / 12.0, within(1e-12));
        assertThat(h100.lifetimeSeconds()).isCloseTo(6 * SECONDS_PER_YEAR, within(1e-6));
        assertThat(h100.priceUsdPerHour()).isCloseTo(2.50, within(1e-12));
    }

    @Test
    void gigabytesAndGibibytesConvertDifferently() {
        // llm-analysis a100-sxm-40gb.json states 40 GB; aiconfigurator states 80 GiB as bytes.
        assertThat(catalog.accelerator("A100-SXM4-40GB").memoryBytes()).isEqualTo(40e9);
        assertThat(catalog.accelerator("A100-SXM4-80GB").memoryBytes()).isEqualTo(80 * GIB);
        // aiconfigurator l40s.yaml: 46068 MiB, the capacity the driver reports.
        assertThat(catalog.accelerator("L40S-48GB").memoryBytes()).isEqualTo(46068 * 1024.0 * 1024);
        // AMD data sheet: 192 GB.
        assertThat(catalog.accelerator("MI300X-192GB").memoryBytes()).isEqualTo(192e9);
    }

    @Test
    void v100ListsFp16Rate() {
        AcceleratorSpec v100 = catalog.accelerator("V100-SXM2-32GB");

        // llm-analysis v100-sxm-32gb.json: peak_fp16_TFLOPS 125; mlco2 gpus.csv: 300 W.
        assertThat(v100.denseTensorPrecision()).isEqualTo(TensorPrecision.FP16);
        assertThat(v100.denseTensorFlopsPerSecond()).isEqualTo(125e12);
        assertThat(v100.tdpWatts()).isEqualTo(300.0);
        assertThat(catalog.source("V100-SXM2-32GB", "denseTensorPrecision").note()).contains("FP16");
    }

    @Test
    void otherPartsMatchSourceFiles() {
        // aiconfigurator h200_sxm.yaml, b200_sxm.yaml, l4.yaml, a100_pcie.yaml, h100_pcie.yaml.
        assertThat(catalog.accelerator("H200-SXM-141GB").memoryBytes()).isEqualTo(141 * GIB);
        assertThat(catalog.accelerator("H200-SXM-141GB").memoryBandwidthBytesPerSecond()).isEqualTo(4800e9);
        assertThat(catalog.accelerator("B200-SXM-180GB").denseTensorFlopsPerSecond()).isEqualTo(2250e12);
        assertThat(catalog.accelerator("B200-SXM-180GB").tdpWatts()).isEqualTo(1000.0);
        assertThat(catalog.accelerator("L4-24GB").tdpWatts()).isEqualTo(72.0);
        assertThat(catalog.accelerator("A100-PCIe-80GB").intraNodeBandwidthBytesPerSecond()).isEqualTo(32e9);
        assertThat(catalog.accelerator("H100-PCIe-80GB").denseTensorFlopsPerSecond()).isEqualTo(756.5e12);
        assertThat(catalog.accelerator("MI300X-192GB").intraNodeBandwidthBytesPerSecond()).isEqualTo(7 * 64e9);
    }

    @Test
    void dgxA100TotalsAddAccelerators() {
        ServerSpec dgx = catalog.server("DGX-A100-80GB");

        assertThat(dgx.accelerator()).isSameAs(catalog.accelerator("A100-SXM4-80GB"));
        assertThat(dgx.acceleratorCount()).isEqualTo(8);
        // AcmeTrace Seren server power: 1st percentile 1421 W, 99th percentile 5452 W.
        assertThat(dgx.hostIdlePowerWatts()).isEqualTo(1421.0 - 8 * 60.0);
        assertThat(dgx.hostMaxPowerWatts()).isEqualTo(5452.0 - 8 * 400.0);
        assertThat(dgx.idlePowerWatts()).isEqualTo(1421.0);
        assertThat(dgx.maxPowerWatts()).isEqualTo(5452.0);
        // Boavizta Dell R740: 8640 kg x 0.1520 manufacturing share.
        assertThat(dgx.hostEmbodiedCarbonGrams()).isCloseTo(8640e3 * 0.1520, within(1e-6));
        assertThat(dgx.embodiedCarbonGrams()).isCloseTo(8640e3 * 0.1520 + 8 * 24.3e3, within(1e-6));
        assertThat(dgx.lifetimeYears()).isCloseTo(6.0, within(1e-12));
    }

    @Test
    void dgxH100NicPerGpu() {
        ServerSpec dgx = catalog.server("DGX-H100-80GB");

        // aiconfigurator h100_sxm.yaml: inter_node_bw 50e9 B/s per GPU and direction, 1:1 CX7 NDR.
        assertThat(dgx.nicModel()).isEqualTo("ConnectX-7 NDR");
        assertThat(dgx.nicCount()).isEqualTo(8);
        assertThat(dgx.nicBandwidthBytesPerSecond()).isEqualTo(50e9);
        // 400 Gb/s x 8 adapters = 3.2 Tb/s = 400 GB/s.
        assertThat(dgx.scaleOutBandwidthBytesPerSecond()).isEqualTo(400e9);
        assertThat(catalog.source("DGX-H100-80GB", "nicBandwidthPerDirection").citation()).contains("h100_sxm.yaml");
    }

    @Test
    void everyValueHasSourceOrReason() {
        List<String> entities = new java.util.ArrayList<>();
        catalog.accelerators().forEach(a -> entities.add(a.name()));
        catalog.servers().forEach(s -> entities.add(s.name()));

        for (String entity : entities) {
            Map<String, SourcedValue> fields = catalog.sources(entity);
            assertThat(fields).as(entity).isNotEmpty();
            for (SourcedValue value : fields.values()) {
                if (value.assumption()) {
                    assertThat(value.reason()).as(entity + "." + value.field()).isNotBlank();
                } else {
                    assertThat(value.citation()).as(entity + "." + value.field()).isNotBlank();
                }
            }
        }
        assertThat(catalog.sources("H100-SXM5-80GB")).hasSize(11);
        assertThat(catalog.sources("DGX-H100-80GB")).hasSize(11);
    }

    @Test
    void sourceNamesUpstreamFileAndCommit() {
        SourcedValue tdp = catalog.source("H100-SXM5-80GB", "tdp");

        assertThat(tdp.assumption()).isFalse();
        assertThat(tdp.writtenValue()).isEqualTo("700 W");
        assertThat(tdp.citation()).contains("ai-dynamo/aiconfigurator@095f58a51c4ca8e61b66ec108d86f223f8d559ce")
                .contains("h100_sxm.yaml");
        assertThat(tdp.describe()).startsWith("tdp = 700 W (source: ai-dynamo/aiconfigurator");
    }

    @Test
    void priceIsMarkedAsAssumption() {
        SourcedValue price = catalog.source("A100-SXM4-80GB", "price");

        assertThat(price.assumption()).isTrue();
        assertThat(price.citation()).isEmpty();
        assertThat(price.describe()).contains("assumption: placeholder");
    }

    @Test
    void unknownAcceleratorListsKnownNames() {
        assertThatThrownBy(() -> catalog.accelerator("H900"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown accelerator 'H900' in catalog.yaml (bundled); known names: ")
                .hasMessageContaining("H100-SXM5-80GB, H100-PCIe-80GB");
    }

    @Test
    void unknownServerListsKnownNames() {
        assertThatThrownBy(() -> catalog.server("DGX-Z"))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("'DGX-Z'")
                .hasMessageContaining("DGX-A100-80GB, DGX-H100-80GB, HGX-H200-141GB, PCIe-8xL40S");
    }

    @Test
    void unknownSourceEntityOrFieldFails() {
        assertThatThrownBy(() -> catalog.source("H900", "tdp"))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("'H900'")
                .hasMessageContaining("DGX-A100-80GB");
        assertThatThrownBy(() -> catalog.source("H100-SXM5-80GB", "tdpp"))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("'tdpp'")
                .hasMessageContaining("tdp, idlePower");
    }

    @Test
    void collectionsAreUnmodifiable() {
        assertThatThrownBy(() -> catalog.accelerators().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> catalog.sources("L4-24GB").clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
