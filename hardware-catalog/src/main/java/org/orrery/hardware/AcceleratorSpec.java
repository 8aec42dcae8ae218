package org.orrery.hardware;

import static org.orrery.hardware.SpecChecks.requireAtLeast;
import static org.orrery.hardware.SpecChecks.requireName;
import static org.orrery.hardware.SpecChecks.requireNonNegative;
import static org.orrery.hardware.SpecChecks.requirePositive;

import java.util.Objects;

/**
 * Specification of one GPU or other accelerator, in SI units.
 *
 * <p>Rates are peak data-sheet figures: {@code denseTensorFlopsPerSecond} is the dense (no 2:4
 * sparsity) tensor-core rate at {@link #denseTensorPrecision()}, which is BF16 for every bundled part
 * except the V100, which has no BF16 tensor cores and lists its FP16 rate. Memory is in bytes as the
 * source states it: some sources give byte counts (80 GiB = 80 x 1024^3 bytes), others decimal GB
 * (40 GB = 40 x 10^9 bytes). {@code intraNodeBandwidthBytesPerSecond} is the scale-up bandwidth per GPU
 * in one direction: NVLink or Infinity Fabric for SXM and OAM parts, PCIe for PCIe cards.
 *
 * <p>The bundled values come from NVIDIA's aiconfigurator system files, the llm-analysis GPU
 * configs, mlco2 and vendor data sheets; idle power, price, embodied carbon and lifetime are
 * stated assumptions. {@link HardwareCatalog#source(String, String)} returns the source of each
 * value, and {@code SOURCES.md} in this package lists them with their licenses.
 *
 * <p>Known limits: peak rates overstate what kernels achieve; TDP is the board limit, not the
 * power drawn under a given load; the embodied-carbon estimates cover the compute dies and memory
 * only, without package, board and cooling.
 *
 * @param name catalog name, unique within a catalog, for example {@code "H100-SXM5-80GB"}
 * @param vendor manufacturer, for example {@code "NVIDIA"}
 * @param denseTensorPrecision the number format of {@code denseTensorFlopsPerSecond}
 * @param denseTensorFlopsPerSecond peak dense tensor-core rate in FLOP/s
 * @param memoryBytes device memory capacity in bytes
 * @param memoryBandwidthBytesPerSecond peak device memory bandwidth in bytes/s
 * @param tdpWatts thermal design power (board power limit) in watts
 * @param idlePowerWatts power drawn with no work scheduled, in watts, at most {@code tdpWatts}
 * @param intraNodeBandwidthBytesPerSecond scale-up bandwidth per GPU and direction in bytes/s
 * @param priceUsdPerSecond rental price of one accelerator in US dollars per second
 * @param embodiedCarbonGrams manufacturing carbon of one accelerator in grams CO2e
 * @param lifetimeSeconds service life over which embodied carbon is amortized, in seconds
 */
public record AcceleratorSpec(
        String name,
        String vendor,
        TensorPrecision denseTensorPrecision,
        double denseTensorFlopsPerSecond,
        double memoryBytes,
        double memoryBandwidthBytesPerSecond,
        double tdpWatts,
        double idlePowerWatts,
        double intraNodeBandwidthBytesPerSecond,
        double priceUsdPerSecond,
        double embodiedCarbonGrams,
        double lifetimeSeconds) {

    /** Number format of a tensor-core rate. */
    public enum TensorPrecision {
        BF16,
        FP16
    }

    /**
     * Validates every field.
     *
     * @throws IllegalArgumentException if a name is blank, a rate, size, TDP or lifetime is not
     *     positive, idle power, price or embodied carbon is negative, idle power exceeds the TDP, or
     *     a value is not finite
     */
    public AcceleratorSpec {
        requireName("name", name);
        requireName("vendor", vendor);
        Objects.requireNonNull(denseTensorPrecision, "denseTensorPrecision");
        requirePositive("denseTensorFlopsPerSecond", denseTensorFlopsPerSecond);
        requirePositive("memoryBytes", memoryBytes);
        requirePositive("memoryBandwidthBytesPerSecond", memoryBandwidthBytesPerSecond);
        requirePositive("tdpWatts", tdpWatts);
        requireNonNegative("idlePowerWatts", idlePowerWatts);
        requireAtLeast("tdpWatts", tdpWatts, "idlePowerWatts", idlePowerWatts);
        requirePositive("intraNodeBandwidthBytesPerSecond", intraNodeBandwidthBytesPerSecond);
        requireNonNegative("priceUsdPerSecond", priceUsdPerSecond);
        requireNonNegative("embodiedCarbonGrams", embodiedCarbonGrams);
        requirePositive("lifetimeSeconds", lifetimeSeconds);
    }

    /** Returns the rental price of one accelerator in US dollars per hour. */
    public double priceUsdPerHour() {
        return priceUsdPerSecond * Units.SECONDS_PER_HOUR;
    }

    /** Returns the service life in years of 365.25 days. */
    public double lifetimeYears() {
        return lifetimeSeconds / Units.SECONDS_PER_YEAR;
    }
}
