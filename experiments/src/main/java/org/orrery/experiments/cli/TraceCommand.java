package org.orrery.experiments.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

import org.orrery.core.RandomStreams;
import org.orrery.experiments.output.SyntheticFitFigures;
import org.orrery.experiments.run.SyntheticTraces;
import org.orrery.traces.AzureLlmTraceReader;
import org.orrery.traces.BundledTraces;
import org.orrery.traces.CarbonIntensityColumn;
import org.orrery.traces.CarbonIntensityReader;
import org.orrery.traces.CarbonIntensityRecord;
import org.orrery.traces.LlmTraceRecord;
import org.orrery.traces.TraceSource;
import org.orrery.traces.synthetic.DiurnalRate;
import org.orrery.traces.synthetic.TokenDistribution;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code orrery trace inspect FILE}: reads a whole trace, reporting its span and distributions or its first error. */
@Command(name = "trace",
        mixinStandardHelpOptions = true,
        description = "Inspects trace files.")
public final class TraceCommand {
    @Spec
    private CommandSpec spec;

    @Command(name = "inspect", mixinStandardHelpOptions = true, description = "Reads a whole trace and prints its rows, time span and token statistics.")
    int inspect(
            @Parameters(paramLabel = "TRACE", description = "A file path or bundled:NAME.") String reference,
            @Option(names = "--format", defaultValue = "azure-llm", paramLabel = "FORMAT",
                    description = "azure-llm (default) or carbon.") String format) throws IOException {
        TraceSource source;
        try {
            source = BundledTraces.resolve(reference);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
        try {
            switch (format) {
                case "azure-llm" -> inspectLlm(source);
                case "carbon" -> inspectCarbon(source);
                default -> throw new UserInputException("unknown trace format '" + format
                        + "': expected azure-llm or carbon");
            }
        } catch (NoSuchFileException e) {
            throw new UserInputException("trace file " + e.getFile() + " not found: check the path");
        }
        return 0;
    }

    @Command(name = "fit", mixinStandardHelpOptions = true, description = {
        "Fits the synthetic generator's token distributions to a trace and draws figures of the fit:",
        "synthetic-token-fit (CDFs of the trace and the fitted log-normals) and synthetic-diurnal-rate",
        "(generated arrivals per hour over two days against the rate curve)."})
    int fit(
            @Parameters(paramLabel = "TRACE", description = "A file path or bundled:NAME.") String reference,
            @Option(names = "--out", defaultValue = "figures", paramLabel = "DIR", description = "Folder for the figures (default: ${DEFAULT-VALUE}).")
            Path out,
            @Option(names = "--mean-rate", defaultValue = "45.146", paramLabel = "PER_S",
                    description = "Mean arrivals per second of the rate curve (default: ${DEFAULT-VALUE}).") double meanRate,
            @Option(names = "--amplitude", defaultValue = "0.4", paramLabel = "FRACTION",
                    description = "Diurnal amplitude of the rate curve (default: ${DEFAULT-VALUE}).") double amplitude,
            @Option(names = "--peak-hour", defaultValue = "18", paramLabel = "HOUR",
                    description = "Peak hour of the rate curve, UTC (default: ${DEFAULT-VALUE}).") double peakHour,
            @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed of the generated days (default: ${DEFAULT-VALUE}).")
            long seed) throws IOException {
        TraceSource source;
        DiurnalRate rate;
        try {
            source = BundledTraces.resolve(reference);
            rate = new DiurnalRate(meanRate, amplitude, peakHour);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
        int[][] counts;
        try {
            counts = SyntheticTraces.tokenCounts(source);
        } catch (NoSuchFileException e) {
            throw new UserInputException("trace file " + e.getFile() + " not found: check the path");
        }
        if (counts[0].length < 2) {
            throw new UserInputException(source.name() + " has " + Counts.of(counts[0].length, "row")
                    + ": fitting token distributions needs at least 2");
        }
        double[] distances;
        try {
            distances = SyntheticFitFigures.tokenFit(out, counts[0], counts[1]);
            SyntheticFitFigures.diurnalRate(out, rate, Instant.parse("2024-05-12T00:00:00Z"),
                    new RandomStreams(seed).stream("trace"));
        } catch (FileSystemException e) {
            throw new UserInputException("cannot write figures to " + out + ": " + e + ": choose a writable folder");
        }
        PrintWriter printer = spec.commandLine().getOut();
        printer.printf(Locale.ROOT, "%s: %s%n", source.name(), Counts.of(counts[0].length, "row"));
        printer.printf(Locale.ROOT, "  prompt tokens  %s, Kolmogorov-Smirnov distance %.3f%n",
                TokenDistribution.logNormal(counts[0]).describe(), distances[0]);
        printer.printf(Locale.ROOT, "  output tokens  %s, Kolmogorov-Smirnov distance %.3f%n",
                TokenDistribution.logNormal(counts[1]).describe(), distances[1]);
        printer.printf(Locale.ROOT, "  figures        %s%n", out);
        printer.flush();
        return 0;
    }

    private void inspectLlm(TraceSource source) throws IOException {
        int[] prompts = new int[1024];
        int[] outputs = new int[1024];
        int rows = 0;
        Instant first = null;
        Instant last = null;
        try (AzureLlmTraceReader reader = AzureLlmTraceReader.open(source)) {
            while (reader.hasNext()) {
                LlmTraceRecord record = reader.next();
                if (rows == prompts.length) {
                    prompts = Arrays.copyOf(prompts, rows * 2);
                    outputs = Arrays.copyOf(outputs, rows * 2);
                }
                prompts[rows] = record.promptTokens();
                outputs[rows] = record.outputTokens();
                rows++;
                first = first == null ? record.arrival() : first;
                last = record.arrival();
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s: %s%n", source.name(), Counts.of(rows, "row"));
        if (rows > 0) {
            double span = Duration.between(first, last).toNanos() / 1e9;
            out.printf(Locale.ROOT, "  arrivals       %s to %s (%.1f s, %.3f requests/s)%n", first, last, span,
                    span > 0 ? (rows - 1) / span : 0.0);
            printTokens(out, "prompt tokens", Arrays.copyOf(prompts, rows));
            printTokens(out, "output tokens", Arrays.copyOf(outputs, rows));
        }
        out.flush();
    }

    private void inspectCarbon(TraceSource source) throws IOException {
        double[] values;
        java.util.List<CarbonIntensityRecord> records = CarbonIntensityReader.readAll(source, CarbonIntensityColumn.DIRECT);
        values = records.stream().mapToDouble(CarbonIntensityRecord::gramsPerKwh).sorted().toArray();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s: %s%n", source.name(), Counts.of(records.size(), "row"));
        if (!records.isEmpty()) {
            out.printf(Locale.ROOT, "  steps          %s to %s%n", records.get(0).hourStart(),
                    records.get(records.size() - 1).hourStart());
            out.printf(Locale.ROOT, "  g/kWh (direct) min %.1f  median %.1f  mean %.1f  max %.1f%n", values[0],
                    values[values.length / 2], Arrays.stream(values).average().orElse(0), values[values.length - 1]);
        }
        out.flush();
    }

    private static void printTokens(PrintWriter out, String label, int[] tokens) {
        int[] sorted = tokens.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).asDoubleStream().average().orElse(0);
        out.printf(Locale.ROOT, "  %-14s min %d  median %d  mean %.1f  p99 %d  max %d%n", label, sorted[0],
                sorted[sorted.length / 2], mean, sorted[(int) Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)],
                sorted[sorted.length - 1]);
    }
}
