package org.orrery.experiments.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.orrery.experiments.config.ClosestKey;
import org.orrery.experiments.config.ModelCatalog;
import org.orrery.hardware.AcceleratorSpec;
import org.orrery.hardware.HardwareCatalog;
import org.orrery.hardware.ServerSpec;
import org.orrery.hardware.SourcedValue;
import org.orrery.model.inference.ModelSpec;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code orrery catalog list | show NAME}: the bundled accelerators, servers and models. */
@Command(name = "catalog",
        mixinStandardHelpOptions = true,
        description = "Lists the bundled hardware and models, or shows one entry with the source of each value.")
public final class CatalogCommand {
    @Spec
    private CommandSpec spec;

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists accelerators, servers and models.")
    int list() {
        PrintWriter out = spec.commandLine().getOut();
        HardwareCatalog hardware = HardwareCatalog.bundled();
        out.println("Accelerators");
        out.printf(Locale.ROOT, "  %-28s %-7s %12s %9s %10s %7s %7s %8s%n", "name", "vendor", "dense TFLOP/s",
                "mem GiB", "mem GB/s", "TDP W", "idle W", "USD/h");
        for (AcceleratorSpec gpu : hardware.accelerators()) {
            out.printf(Locale.ROOT, "  %-28s %-7s %8.0f %-4s %9.1f %10.0f %7.0f %7.0f %8.2f%n", gpu.name(), gpu.vendor(),
                    gpu.denseTensorFlopsPerSecond() / 1e12, gpu.denseTensorPrecision(), gpu.memoryBytes() / (1L << 30),
                    gpu.memoryBandwidthBytesPerSecond() / 1e9, gpu.tdpWatts(), gpu.idlePowerWatts(),
                    gpu.priceUsdPerHour());
        }
        out.println("Servers");
        for (ServerSpec server : hardware.servers()) {
            out.printf(Locale.ROOT, "  %-28s %d x %s, %d x %.0f Gb/s %s, host %.0f-%.0f W%n", server.name(),
                    server.acceleratorCount(), server.accelerator().name(), server.nicCount(),
                    server.nicBandwidthBytesPerSecond() * 8 / 1e9, server.nicModel(), server.hostIdlePowerWatts(),
                    server.hostMaxPowerWatts());
        }
        out.println("Models");
        ModelCatalog models = ModelCatalog.bundled();
        for (String name : models.names()) {
            ModelSpec model = models.find(name);
            out.printf(Locale.ROOT, "  %-28s %.2fB parameters, %d layers, %d heads (%d KV), context %d%n", name,
                    model.parameterCount() / 1e9, model.layers(), model.attentionHeads(), model.kvHeads(),
                    model.maxContextTokens());
        }
        out.flush();
        return 0;
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Shows one accelerator or server with the source of every value, or one model's architecture.")
    int show(@Parameters(paramLabel = "NAME",
            description = "An accelerator, server or model name, as orrery catalog list shows it.") String name) {
        PrintWriter out = spec.commandLine().getOut();
        ModelCatalog models = ModelCatalog.bundled();
        ModelSpec model = models.find(name);
        if (model != null) {
            out.println(name);
            out.printf(Locale.ROOT, "  parameters %.0f (%.0f active per token), %d layers, width %d, %d heads (%d KV)%n",
                    model.parameterCount(), model.activeParameterCount(), model.layers(), model.hiddenSize(),
                    model.attentionHeads(), model.kvHeads());
            out.printf(Locale.ROOT, "  context %d tokens, %.0f KV-cache bytes per token; sources in models.yaml%n",
                    model.maxContextTokens(), model.kvBytesPerToken());
            out.flush();
            return 0;
        }
        HardwareCatalog hardware = HardwareCatalog.bundled();
        List<String> hardwareNames = new ArrayList<>();
        hardware.accelerators().forEach(accelerator -> hardwareNames.add(accelerator.name()));
        hardware.servers().forEach(server -> hardwareNames.add(server.name()));
        if (!hardwareNames.contains(name)) {
            List<String> known = new ArrayList<>(hardwareNames);
            known.addAll(models.names());
            String fix = ClosestKey.findName(name, known)
                    .map(match -> "did you mean '" + match + "'? Run")
                    .orElse("run");
            throw new UserInputException("unknown accelerator, server or model '" + name + "': " + fix
                    + " orrery catalog list to see every name");
        }
        out.println(name);
        for (SourcedValue value : hardware.sources(name).values()) {
            out.println("  " + value.describe());
        }
        out.flush();
        return 0;
    }
}
