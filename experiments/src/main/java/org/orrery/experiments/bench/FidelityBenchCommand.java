package org.orrery.experiments.bench;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code orrery bench fidelity [--json]}: compares predictions with the bundled measurements and
 * prints each error next to its target. Exits with status 0 whatever the errors are, so that the
 * report is always printed; the build's tests enforce the bounds.
 */
@Command(name = "fidelity",
        mixinStandardHelpOptions = true,
        description = "Compares predicted latency, iteration time, power and energy with bundled measurements.")
public final class FidelityBenchCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print the comparisons as JSON instead of a table.")
    private boolean json;

    @Override
    public void run() {
        List<FidelityComparison> comparisons = FidelityBenchmark.runAll();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            printJson(comparisons, out);
        } else {
            printTable(comparisons, out);
        }
        out.flush();
    }

    /**
     * Prints the comparisons as one JSON object: the {@code comparisons} array, then
     * {@code passed}, the number within their target, and {@code total}, the number of comparisons.
     */
    static void printJson(List<FidelityComparison> comparisons, PrintWriter out) {
        out.println("{\"comparisons\": [");
        for (int i = 0; i < comparisons.size(); i++) {
            FidelityComparison c = comparisons.get(i);
            out.printf(Locale.ROOT, "  {\"name\": \"%s\", \"metric\": \"%s\", \"error\": %.6f, \"target\": %.4f, "
                    + "\"passed\": %b}%s%n", c.name(), c.metric(), c.error(), c.target(), c.passed(),
                    i + 1 < comparisons.size() ? "," : "");
        }
        long passed = comparisons.stream().filter(FidelityComparison::passed).count();
        out.printf(Locale.ROOT, "], \"passed\": %d, \"total\": %d}%n", passed, comparisons.size());
    }

    /** Prints one line per comparison and a last line that counts those within their target. */
    static void printTable(List<FidelityComparison> comparisons, PrintWriter out) {
        out.printf(Locale.ROOT, "%-38s %-24s %8s %8s  %s%n", "comparison", "metric", "error", "target", "result");
        for (FidelityComparison c : comparisons) {
            out.printf(Locale.ROOT, "%-38s %-24s %7.1f%% %7.1f%%  %s%n", c.name(), c.metric(), 100 * c.error(),
                    100 * c.target(), c.passed() ? "pass" : "FAIL");
        }
        long passed = comparisons.stream().filter(FidelityComparison::passed).count();
        out.printf(Locale.ROOT, "%d of %d comparisons within their target; docs/validation.md explains the "
                + "others%n", passed, comparisons.size());
    }
}
