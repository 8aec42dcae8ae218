package org.orrery.hardware;

import static org.orrery.hardware.SpecChecks.requireAtLeast;
import static org.orrery.hardware.SpecChecks.requireName;
import static org.orrery.hardware.SpecChecks.requireNonNegative;
import static org.orrery.hardware.SpecChecks.requirePositive;

import java.util.Objects;

/**
 * Specification of one server (node) built around identical accelerators, in SI units.
 *
 * <p>Host figures exclude the accelerators: {@code hostIdlePowerWatts} and {@code hostMaxPowerWatts}
 * cover CPUs, memory, NICs, switches and fans, and {@code hostEmbodiedCarbonGrams} covers the
 * server without its GPUs. The whole-server figures add the accelerators, see {@link
 * #idlePowerWatts()}, {@link #maxPowerWatts()} and {@link #embodiedCarbonGrams()}.
 *
 * <p>The bundled host figures are stated assumptions derived from measurements of one A100
 * cluster (the AcmeTrace power CDFs) and from a Dell R740 product carbon footprint (Boavizta); the
 * same host figures are reused for every bundled server. {@link HardwareCatalog#source(String,
 * String)} returns the source of each value.
 *
 * <p>Known limits: host power depends on the CPU, the NICs and NVSwitches, which this record does
 * not model separately; power supply losses and PUE are not included.
 *
 * @param name catalog name, unique within a catalog, for example {@code "DGX-H100-80GB"}
 * @param accelerator the accelerator installed in the server
 * @param acceleratorCount number of accelerators in the server
 * @param cpuModel host CPU model, for example {@code "AMD EPYC 7742"}
 * @param cpuCount number of CPU sockets
 * @param nicModel model of the scale-out network adapters, for example {@code "ConnectX-7 NDR"}
 * @param nicCount number of scale-out network adapters (not counting management ports)
 * @param nicBandwidthBytesPerSecond line rate of one adapter per direction, in bytes/s
 * @param hostIdlePowerWatts host power without accelerators when idle, in watts
 * @param hostMaxPowerWatts host power without accelerators at full load, in watts
 * @param hostEmbodiedCarbonGrams manufacturing carbon of the server without accelerators, in grams
 *     CO2e
 * @param lifetimeSeconds service life over which the host's embodied carbon is amortized, in seconds
 */
public record ServerSpec(
        String name,
        AcceleratorSpec accelerator,
        int acceleratorCount,
        String cpuModel,
        int cpuCount,
        String nicModel,
        int nicCount,
        double nicBandwidthBytesPerSecond,
        double hostIdlePowerWatts,
        double hostMaxPowerWatts,
        double hostEmbodiedCarbonGrams,
        double lifetimeSeconds) {

    /**
     * Validates every field.
     *
     * @throws IllegalArgumentException if a name is blank, the accelerator is null, a count, the
     *     maximum power or the lifetime is not positive, idle power or embodied carbon is negative,
     *     idle power exceeds maximum power, or a value is not finite
     */
    public ServerSpec {
        requireName("name", name);
        Objects.requireNonNull(accelerator, "accelerator");
        requirePositive("acceleratorCount", acceleratorCount);
        requireName("cpuModel", cpuModel);
        requirePositive("cpuCount", cpuCount);
        requireName("nicModel", nicModel);
        requirePositive("nicCount", nicCount);
        requirePositive("nicBandwidthBytesPerSecond", nicBandwidthBytesPerSecond);
        requireNonNegative("hostIdlePowerWatts", hostIdlePowerWatts);
        requirePositive("hostMaxPowerWatts", hostMaxPowerWatts);
        requireAtLeast("hostMaxPowerWatts", hostMaxPowerWatts, "hostIdlePowerWatts", hostIdlePowerWatts);
        requireNonNegative("hostEmbodiedCarbonGrams", hostEmbodiedCarbonGrams);
        requirePositive("lifetimeSeconds", lifetimeSeconds);
    }

    /** Returns the server's scale-out bandwidth per direction, all adapters together, in bytes/s. */
    public double scaleOutBandwidthBytesPerSecond() {
        return nicCount * nicBandwidthBytesPerSecond;
    }

    /** Returns the idle power of the whole server: host idle power plus every accelerator's idle power. */
    public double idlePowerWatts() {
        return hostIdlePowerWatts + acceleratorCount * accelerator.idlePowerWatts();
    }

    /** Returns the maximum power of the whole server: host maximum power plus every accelerator's TDP. */
    public double maxPowerWatts() {
        return hostMaxPowerWatts + acceleratorCount * accelerator.tdpWatts();
    }

    /** Returns the embodied carbon of the whole server, host plus accelerators, in grams CO2e. */
    public double embodiedCarbonGrams() {
        return hostEmbodiedCarbonGrams + acceleratorCount * accelerator.embodiedCarbonGrams();
    }

    /** Returns the service life in years of 365.25 days. */
    public double lifetimeYears() {
        return lifetimeSeconds / Units.SECONDS_PER_YEAR;
    }
}
