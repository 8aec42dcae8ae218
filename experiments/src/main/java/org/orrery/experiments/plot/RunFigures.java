package org.orrery.experiments.plot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Figures drawn from the files of one or more run folders: latency CDFs from {@code requests.csv}
 * and facility power over time from {@code timeseries.csv}. With one run, the CDF shows TTFT, TPOT
 * and end-to-end latency; with several, it compares their end-to-end latency, one line per run.
 */
public final class RunFigures {
    private static final int MAX_POINTS = 400;

    private RunFigures() {
    }

    /**
     * Returns whether {@code directory} contains the files of a run. A run written with
     * {@code output.requests: false} has no {@code requests.csv} but still counts.
     */
    public static boolean isRun(Path directory) {
        return Files.isRegularFile(directory.resolve("timeseries.csv"))
                && Files.isRegularFile(directory.resolve("summary.json"));
    }

    /**
     * Draws the figures of {@code runs} into {@code figures}. The latency CDF leaves out the runs
     * without {@code requests.csv}, and is not drawn when no run has it. Each left-out line, or the
     * whole figure, gets a {@link SweepFigures.Skipped} entry with the reason.
     */
    public static SweepFigures.Drawn draw(List<Path> runs, Path figures) throws IOException {
        List<Path> written = new ArrayList<>();
        List<SweepFigures.Skipped> skipped = new ArrayList<>();
        List<Path> withRequests = new ArrayList<>();
        for (Path run : runs) {
            if (Files.isRegularFile(run.resolve("requests.csv"))) {
                withRequests.add(run);
            } else if (runs.size() > 1) {
                skipped.add(new SweepFigures.Skipped("latency_cdf line of " + label(run), noRequests(run)));
            }
        }
        if (withRequests.isEmpty()) {
            skipped.clear();
            String reason = runs.size() == 1 ? noRequests(runs.get(0))
                    : "none of the runs has requests.csv, because they were written with output.requests: false; "
                            + "run them again with output.requests: true (the default) to draw it";
            skipped.add(new SweepFigures.Skipped("latency_cdf", reason));
        } else {
            written.addAll(drawLatencyCdf(withRequests, runs.size() == 1, figures));
        }

        XYSeriesCollection power = new XYSeriesCollection();
        for (Path run : runs) {
            power.addSeries(power(runs.size() == 1 ? "Facility" : label(run), CsvTable.read(run.resolve(
                    "timeseries.csv"))));
        }
        NumberAxis time = new NumberAxis("Time since window start (min)");
        NumberAxis watts = new NumberAxis("Mean facility power per interval (kW)");
        watts.setAutoRangeIncludesZero(true);
        written.addAll(ChartStyle.save(figures, "power", ChartStyle.chart(linePlot(power, time, watts), true)));
        return new SweepFigures.Drawn(written, skipped);
    }

    /** Draws TTFT, TPOT and end-to-end latency for a single run, or end-to-end latency per run for several. */
    private static List<Path> drawLatencyCdf(List<Path> runs, boolean single, Path figures) throws IOException {
        XYSeriesCollection latency = new XYSeriesCollection();
        for (Path run : runs) {
            CsvTable requests = CsvTable.read(run.resolve("requests.csv"));
            List<String> status = requests.text("status");
            if (single) {
                latency.addSeries(cdf("TTFT", requests.numbers("ttft_s"), status));
                latency.addSeries(cdf("TPOT", requests.numbers("tpot_s"), status));
                latency.addSeries(cdf("End-to-end", requests.numbers("e2e_s"), status));
            } else {
                latency.addSeries(cdf(label(run), requests.numbers("e2e_s"), status));
            }
        }
        LogAxis x = new LogAxis(single ? "Latency (s)" : "End-to-end latency (s)");
        x.setSmallestValue(1e-4);
        x.setTickUnit(new NumberTickUnit(1.0));
        x.setNumberFormatOverride(new DecimalFormat("0.####", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        NumberAxis y = new NumberAxis("Fraction of completed requests");
        y.setRange(0.0, 1.0);
        return ChartStyle.save(figures, "latency_cdf", ChartStyle.chart(linePlot(latency, x, y), true));
    }

    private static XYPlot linePlot(XYSeriesCollection dataset, org.jfree.chart.axis.ValueAxis x, NumberAxis y) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < dataset.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, ChartStyle.colour(i));
            renderer.setSeriesStroke(i, ChartStyle.LINE);
        }
        ChartStyle.styleAxes(x, y);
        return new XYPlot(dataset, x, y, renderer);
    }

    /** Builds the empirical CDF of the positive values of completed requests, thinned to about 400 points. */
    static XYSeries cdf(String name, double[] values, List<String> status) {
        double[] kept = new double[values.length];
        int count = 0;
        for (int i = 0; i < values.length; i++) {
            if ("completed".equals(status.get(i)) && values[i] > 0) {
                kept[count++] = values[i];
            }
        }
        double[] sorted = Arrays.copyOf(kept, count);
        Arrays.sort(sorted);
        XYSeries series = new XYSeries(name, false, true);
        int step = Math.max(1, sorted.length / MAX_POINTS);
        int last = -1;
        for (int i = 0; i < sorted.length; i += step) {
            series.add(sorted[i], (i + 1.0) / sorted.length);
            last = i;
        }
        if (last >= 0 && last < sorted.length - 1) {
            series.add(sorted[sorted.length - 1], 1.0);
        }
        return series;
    }

    private static XYSeries power(String name, CsvTable timeseries) {
        double[] start = timeseries.numbers("time_s");
        double[] width = timeseries.numbers("interval_s");
        double[] watts = timeseries.numbers("facility_power_w");
        XYSeries series = new XYSeries(name);
        for (int i = 0; i < start.length; i++) {
            series.add((start[i] + width[i] / 2) / 60.0, watts[i] / 1000.0);
        }
        return series;
    }

    private static String noRequests(Path run) {
        return run + " has no requests.csv, because the run was written with output.requests: false; run it again "
                + "with output.requests: true (the default) to draw it";
    }

    private static String label(Path run) {
        Path name = run.toAbsolutePath().normalize();
        Path parent = name.getParent();
        String leaf = name.getFileName().toString();
        return leaf.startsWith("seed=") && parent != null ? parent.getFileName() + "/" + leaf : leaf;
    }
}
