package org.orrery.experiments.plot;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.orrery.experiments.config.ConfigNode;

/**
 * The comparison figures of a sweep, drawn from {@code sweep-summary.csv} and {@code sweep.json}:
 * bars of P99 end-to-end latency and of facility energy per scenario with their 95% confidence
 * intervals across seeds, a heatmap of P99 latency over the first two numeric axes, and the Pareto
 * front of facility energy against P99 latency. A figure that the tables do not allow is skipped,
 * and {@link Drawn#skipped()} names it with the reason.
 */
public final class SweepFigures {
    static final String P99 = "latency_s.e2e.p99";
    static final String ENERGY = "energy_j.facility";
    private static final double JOULES_PER_KWH = 3.6e6;
    /** Anchors of the viridis colour map (perceptually uniform, readable in grey and by colour-blind readers). */
    private static final Color[] VIRIDIS = {new Color(0x440154), new Color(0x3B528B), new Color(0x21918C),
        new Color(0x5EC962), new Color(0xFDE725)};
    private static final ObjectMapper JSON = new ObjectMapper();

    private SweepFigures() {
    }

    /**
     * The outcome of {@link #draw}.
     *
     * @param files the files written
     * @param skipped the figures not drawn, each with the reason
     */
    public record Drawn(List<Path> files, List<Skipped> skipped) {
        public Drawn {
            files = List.copyOf(files);
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * A figure that the tables do not allow.
     *
     * @param figure the figure's file name without extension, such as {@code heatmap_e2e_p99}
     * @param reason why it is not drawn, such as {@code it needs two numeric axes, but the sweep has none}
     */
    public record Skipped(String figure, String reason) {
        @Override
        public String toString() {
            return figure + " not drawn: " + reason;
        }
    }

    /**
     * Draws every figure the sweep's tables allow into {@code figures}, and names each one it
     * cannot draw with the reason. The figures are independent, so they are drawn on parallel
     * threads.
     */
    public static Drawn draw(Path sweepDirectory, Path figures) throws IOException {
        CsvTable table = CsvTable.read(sweepDirectory.resolve("sweep-summary.csv"));
        List<String> axes = axisKeys(sweepDirectory);
        List<Callable<List<Path>>> tasks = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        String noLatency = missingValues(table, P99);
        String noEnergy = missingValues(table, ENERGY);

        if (noLatency == null) {
            tasks.add(() -> bars(table, axes, P99, 1.0, "P99 end-to-end latency (s)", figures, "scenario_e2e_p99"));
        } else {
            skipped.add(new Skipped("scenario_e2e_p99", noLatency));
        }
        if (noEnergy == null) {
            tasks.add(() -> bars(table, axes, ENERGY, 1 / JOULES_PER_KWH, "Facility energy (kWh)", figures,
                    "scenario_energy"));
        } else {
            skipped.add(new Skipped("scenario_energy", noEnergy));
        }

        List<String> numericAxes = axes.stream().filter(table::has).filter(table::isNumeric).toList();
        if (numericAxes.size() < 2) {
            skipped.add(new Skipped("heatmap_e2e_p99", tooFewNumericAxes(table, axes, numericAxes)));
        } else if (noLatency != null) {
            skipped.add(new Skipped("heatmap_e2e_p99", noLatency));
        } else {
            tasks.add(() -> heatmap(table, numericAxes.get(0), numericAxes.get(1), P99, "P99 end-to-end latency (s)",
                    figures, "heatmap_e2e_p99"));
        }

        String noPoint = noLatency;
        if (noPoint == null) {
            noPoint = noEnergy;
        }
        if (noPoint == null) {
            noPoint = missingPoint(table);
        }
        if (noPoint == null) {
            tasks.add(() -> pareto(table, figures));
        } else {
            skipped.add(new Skipped("pareto_energy_e2e_p99", noPoint));
        }
        return new Drawn(drawAll(tasks), skipped);
    }

    /** Returns why {@code metric} cannot be drawn (no column, or no scenario with a value), or null when it can. */
    private static String missingValues(CsvTable table, String metric) {
        String column = metric + ".mean";
        if (!table.has(column)) {
            return "sweep-summary.csv has no column " + column;
        }
        if (Arrays.stream(table.numbers(column)).allMatch(Double::isNaN)) {
            return "no scenario has a value of " + column + " (an empty cell: for latency, no request completed)";
        }
        return null;
    }

    /** Returns why the Pareto front has no point, or null when some scenario has both latency and energy. */
    private static String missingPoint(CsvTable table) {
        double[] latency = table.numbers(P99 + ".mean");
        double[] energy = table.numbers(ENERGY + ".mean");
        for (int i = 0; i < latency.length; i++) {
            if (!Double.isNaN(latency[i]) && !Double.isNaN(energy[i])) {
                return null;
            }
        }
        return "no scenario has both " + P99 + ".mean and " + ENERGY + ".mean";
    }

    /** Describes why a sweep with fewer than two numeric axes has no heatmap, naming the axes it has. */
    private static String tooFewNumericAxes(CsvTable table, List<String> axes, List<String> numericAxes) {
        if (axes.isEmpty()) {
            return "it needs two numeric axes, but the sweep has no axes";
        }
        String reason = "it needs two numeric axes, but "
                + (numericAxes.isEmpty() ? "the sweep has none" : "the sweep has only " + String.join(", ", numericAxes));
        List<String> textAxes = axes.stream().filter(table::has).filter(axis -> !table.isNumeric(axis)).toList();
        if (!textAxes.isEmpty()) {
            reason += ", and " + String.join(", ", textAxes) + (textAxes.size() == 1 ? " has" : " have")
                    + " text values";
        }
        return reason;
    }

    private static List<Path> drawAll(List<Callable<List<Path>>> tasks) throws IOException {
        if (tasks.isEmpty()) {
            return List.of();
        }
        int threads = Math.min(tasks.size(), Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Path> written = new ArrayList<>();
            for (Future<List<Path>> future : pool.invokeAll(tasks)) {
                written.addAll(future.get());
            }
            return written;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while drawing the sweep figures", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("drawing a sweep figure failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Reads the axis key paths from {@code sweep.json}; an absent manifest gives none. */
    static List<String> axisKeys(Path sweepDirectory) throws IOException {
        Path manifest = sweepDirectory.resolve("sweep.json");
        List<String> keys = new ArrayList<>();
        if (Files.isRegularFile(manifest)) {
            JsonNode axes = JSON.readTree(manifest.toFile()).path("axes");
            axes.forEach(key -> keys.add(key.asText()));
        }
        return keys;
    }

    private static List<Path> bars(CsvTable table, List<String> axes, String metric, double scale, String label,
            Path figures, String name) throws IOException {
        DefaultStatisticalCategoryDataset dataset = new DefaultStatisticalCategoryDataset();
        List<String> labelledAxes = axes.stream().filter(table::has).toList();
        List<String> ids = scenarioLabels(table, labelledAxes);
        double[] means = table.numbers(metric + ".mean");
        double[] halfWidths = table.numbers(metric + ".ci95");
        for (int i = 0; i < ids.size(); i++) {
            double halfWidth = Double.isNaN(halfWidths[i]) ? 0 : halfWidths[i] * scale;
            dataset.add(means[i] * scale, halfWidth, "mean with 95% CI", ids.get(i));
        }
        StatisticalBarRenderer renderer = new StatisticalBarRenderer();
        renderer.setSeriesPaint(0, ChartStyle.colour(0));
        renderer.setErrorIndicatorPaint(Color.BLACK);
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(false);
        CategoryAxis x = new CategoryAxis(labelledAxes.isEmpty() ? "Scenario" : "Scenario: "
                + labelledAxes.stream().map(SweepFigures::shortKey).collect(Collectors.joining(", ")));
        x.setCategoryLabelPositions(CategoryLabelPositions.UP_90);
        NumberAxis y = new NumberAxis(label);
        ChartStyle.styleAxes(x, y);
        x.setTickLabelFont(ChartStyle.TICK_FONT.deriveFont(ids.size() > 30 ? 9f : 12f));
        CategoryPlot plot = new CategoryPlot(dataset, x, y, renderer);
        return ChartStyle.save(figures, name, ChartStyle.chart(plot, false));
    }

    /** Returns each scenario's id followed by its axis values, such as {@code "007: 2, 144"}. */
    private static List<String> scenarioLabels(CsvTable table, List<String> axes) {
        List<String> ids = table.text("scenario");
        List<List<String>> values = axes.stream().map(table::text).toList();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            int row = i;
            labels.add(values.isEmpty() ? ids.get(i)
                    : ids.get(i) + ": " + values.stream().map(column -> column.get(row)).collect(Collectors.joining(", ")));
        }
        return labels;
    }

    /** Returns the last part of a config key, such as {@code max_running_sequences}. */
    /**
     * Returns the axis label of a sweep key: the key, followed by its unit when the key's name
     * gives one, such as {@code power.gpu_cap_w (W)}. The sweep tables store such values in that
     * unit, whichever unit the sweep file used.
     */
    static String axisLabel(String key) {
        ConfigNode.Dimension dimension = ConfigNode.Dimension.ofKey(shortKey(key));
        return dimension == ConfigNode.Dimension.NONE ? key : key + " (" + dimension.baseUnit() + ")";
    }

    private static String shortKey(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    /**
     * Draws the mean of {@code metric} over two axes. Scenarios that share a cell (because a third
     * axis varies) are averaged, and the legend states it.
     */
    private static List<Path> heatmap(CsvTable table, String xKey, String yKey, String metric, String label,
            Path figures, String name) throws IOException {
        double[] xs = table.numbers(xKey);
        double[] ys = table.numbers(yKey);
        double[] values = table.numbers(metric + ".mean");
        TreeMap<Double, Integer> xIndex = indexOf(xs);
        TreeMap<Double, Integer> yIndex = indexOf(ys);
        double[][] sums = new double[xIndex.size()][yIndex.size()];
        int[][] counts = new int[xIndex.size()][yIndex.size()];
        for (int i = 0; i < values.length; i++) {
            if (!Double.isNaN(values[i])) {
                sums[xIndex.get(xs[i])][yIndex.get(ys[i])] += values[i];
                counts[xIndex.get(xs[i])][yIndex.get(ys[i])]++;
            }
        }
        List<double[]> cells = new ArrayList<>();
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        boolean averaged = false;
        for (int i = 0; i < xIndex.size(); i++) {
            for (int j = 0; j < yIndex.size(); j++) {
                if (counts[i][j] > 0) {
                    double mean = sums[i][j] / counts[i][j];
                    cells.add(new double[] {i, j, mean});
                    low = Math.min(low, mean);
                    high = Math.max(high, mean);
                    averaged |= counts[i][j] > 1;
                }
            }
        }
        if (cells.isEmpty()) {
            throw new IllegalStateException("no scenario has a value of " + metric + ": draw() checks this first");
        }
        double[][] series = new double[3][cells.size()];
        for (int c = 0; c < cells.size(); c++) {
            for (int k = 0; k < 3; k++) {
                series[k][c] = cells.get(c)[k];
            }
        }
        DefaultXYZDataset dataset = new DefaultXYZDataset();
        dataset.addSeries(metric, series);

        LookupPaintScale scale = viridis(low, high == low ? low + 1 : high);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(scale);
        SymbolAxis x = new SymbolAxis(axisLabel(xKey), labels(xIndex));
        SymbolAxis y = new SymbolAxis(axisLabel(yKey), labels(yIndex));
        x.setGridBandsVisible(false);
        y.setGridBandsVisible(false);
        ChartStyle.styleAxes(x, y);
        XYPlot plot = new XYPlot(dataset, x, y, renderer);
        JFreeChart chart = ChartStyle.chart(plot, false);
        NumberAxis scaleAxis = new NumberAxis(averaged ? label + ", mean over other axes" : label);
        ChartStyle.styleAxes(scaleAxis);
        PaintScaleLegend legend = new PaintScaleLegend(scale, scaleAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setStripWidth(14);
        legend.setMargin(4, 4, 4, 4);
        chart.addSubtitle(legend);
        return ChartStyle.save(figures, name, chart);
    }

    /** Draws every scenario's facility energy against its P99 latency and joins the Pareto-optimal ones. */
    private static List<Path> pareto(CsvTable table, Path figures) throws IOException {
        double[] latency = table.numbers(P99 + ".mean");
        double[] energy = table.numbers(ENERGY + ".mean");
        XYSeries all = new XYSeries("Scenarios", false, true);
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < latency.length; i++) {
            if (!Double.isNaN(latency[i]) && !Double.isNaN(energy[i])) {
                all.add(latency[i], energy[i] / JOULES_PER_KWH);
                points.add(new double[] {latency[i], energy[i] / JOULES_PER_KWH});
            }
        }
        XYSeries front = new XYSeries("Pareto front", false, true);
        for (double[] point : paretoFront(points)) {
            front.add(point[0], point[1]);
        }
        XYSeriesCollection dataset = new XYSeriesCollection();
        dataset.addSeries(all);
        dataset.addSeries(front);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        renderer.setSeriesLinesVisible(0, false);
        renderer.setSeriesPaint(0, ChartStyle.colour(0));
        renderer.setSeriesPaint(1, ChartStyle.colour(1));
        renderer.setSeriesStroke(1, ChartStyle.LINE);
        NumberAxis x = new NumberAxis("P99 end-to-end latency (s)");
        NumberAxis y = new NumberAxis("Facility energy (kWh)");
        x.setAutoRangeIncludesZero(false);
        y.setAutoRangeIncludesZero(false);
        ChartStyle.styleAxes(x, y);
        XYPlot plot = new XYPlot(dataset, x, y, renderer);
        return ChartStyle.save(figures, "pareto_energy_e2e_p99", ChartStyle.chart(plot, true));
    }

    /**
     * Returns the points no other point beats on both coordinates (lower is better for both), sorted
     * by the first coordinate.
     */
    static List<double[]> paretoFront(List<double[]> points) {
        List<double[]> sorted = new ArrayList<>(points);
        sorted.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
        List<double[]> front = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        for (double[] point : sorted) {
            if (point[1] < best) {
                front.add(point);
                best = point[1];
            }
        }
        return front;
    }

    private static TreeMap<Double, Integer> indexOf(double[] values) {
        TreeMap<Double, Integer> index = new TreeMap<>();
        for (double value : values) {
            index.put(value, 0);
        }
        int i = 0;
        for (Map.Entry<Double, Integer> entry : index.entrySet()) {
            entry.setValue(i++);
        }
        return index;
    }

    private static String[] labels(TreeMap<Double, Integer> index) {
        return index.keySet().stream()
                .map(value -> value == Math.rint(value) ? Long.toString(value.longValue()) : value.toString())
                .toArray(String[]::new);
    }

    /** Builds a paint scale from {@code low} to {@code high} by interpolating the viridis anchors in 64 steps. */
    static LookupPaintScale viridis(double low, double high) {
        LookupPaintScale scale = new LookupPaintScale(low, high, VIRIDIS[VIRIDIS.length - 1]);
        int steps = 64;
        for (int i = 0; i < steps; i++) {
            double position = (double) i / (steps - 1) * (VIRIDIS.length - 1);
            int anchor = Math.min((int) position, VIRIDIS.length - 2);
            double fraction = position - anchor;
            Color a = VIRIDIS[anchor];
            Color b = VIRIDIS[anchor + 1];
            Color colour = new Color(
                    (int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * fraction),
                    (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * fraction),
                    (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * fraction));
            scale.add(low + (high - low) * i / steps, colour);
        }
        return scale;
    }
}
