package org.orrery.experiments.output;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import org.orrery.experiments.plot.ChartStyle;
import org.orrery.experiments.run.LatencySample;
import org.orrery.experiments.run.RequestStatistics;

/**
 * The standard figures of a run, drawn with JFreeChart as PNG, SVG and PDF: the latency CDF of TTFT,
 * TPOT and end-to-end latency, and facility power over time. Colours come from the Okabe-Ito
 * palette, which stays distinguishable under the common colour-vision deficiencies. Fonts are sized
 * to stay readable when the figure is scaled to one column of a paper.
 */
final class Figures {
    private static final Color[] PALETTE = {
        new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xE69F00)};
    private static final int MAX_POINTS = 400;
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 16);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);

    private Figures() {
    }

    static void latencyCdf(Path directory, RequestStatistics statistics) throws IOException {
        XYSeriesCollection dataset = new XYSeriesCollection();
        dataset.addSeries(cdf("TTFT", statistics.ttft()));
        dataset.addSeries(cdf("TPOT", statistics.tpot()));
        dataset.addSeries(cdf("End-to-end", statistics.endToEnd()));
        LogAxis xAxis = logAxis("Latency (s)");
        xAxis.setSmallestValue(1e-4);
        NumberAxis yAxis = new NumberAxis("Fraction of completed requests");
        yAxis.setRange(0.0, 1.0);
        save(directory, "latency_cdf", chart(dataset, xAxis, yAxis));
    }

    static void power(Path directory, List<TimeseriesCsv.Row> rows) throws IOException {
        XYSeries facility = new XYSeries("Facility");
        XYSeries gpu = new XYSeries("GPUs");
        for (TimeseriesCsv.Row row : rows) {
            double minutes = (row.timeSeconds() + row.intervalSeconds() / 2) / 60.0;
            facility.add(minutes, row.facilityWatts() / 1000.0);
            gpu.add(minutes, row.gpuWatts() / 1000.0);
        }
        XYSeriesCollection dataset = new XYSeriesCollection();
        dataset.addSeries(facility);
        dataset.addSeries(gpu);
        NumberAxis xAxis = new NumberAxis("Time since window start (min)");
        NumberAxis yAxis = new NumberAxis("Mean power per interval (kW)");
        yAxis.setAutoRangeIncludesZero(true);
        save(directory, "power", chart(dataset, xAxis, yAxis));
    }

    /** Draws a sample's CDF through {@link #MAX_POINTS} quantiles; a log axis cannot show zero, so zeros are left out. */
    private static XYSeries cdf(String name, LatencySample sample) {
        double[] quantiles = sample.quantiles(MAX_POINTS);
        XYSeries series = new XYSeries(name, false, true);
        for (int i = 0; i < quantiles.length; i++) {
            if (quantiles[i] > 0) {
                series.add(quantiles[i], quantiles.length == 1 ? 1.0 : (double) i / (quantiles.length - 1));
            }
        }
        return series;
    }

    /** Returns a base-10 log axis with a tick at each power of ten, labelled in plain decimals (0.01, 1, 100). */
    static LogAxis logAxis(String label) {
        LogAxis axis = new LogAxis(label);
        axis.setTickUnit(new NumberTickUnit(1.0));
        axis.setNumberFormatOverride(new DecimalFormat("0.####", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        return axis;
    }

    static JFreeChart chart(XYSeriesCollection dataset, org.jfree.chart.axis.ValueAxis xAxis,
            NumberAxis yAxis) {
        boolean fewPoints = true;
        for (int i = 0; i < dataset.getSeriesCount(); i++) {
            fewPoints &= dataset.getItemCount(i) < 3;
        }
        // A line needs two points: mark the points themselves when a run covers one or two intervals.
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, fewPoints);
        for (int i = 0; i < dataset.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            renderer.setSeriesStroke(i, new BasicStroke(2.0f));
        }
        for (org.jfree.chart.axis.ValueAxis axis : List.of(xAxis, yAxis)) {
            axis.setLabelFont(LABEL_FONT);
            axis.setTickLabelFont(TICK_FONT);
        }
        XYPlot plot = new XYPlot(dataset, xAxis, yAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        LegendTitle legend = chart.getLegend();
        legend.setItemFont(TICK_FONT);
        return chart;
    }

    static void save(Path directory, String name, JFreeChart chart) throws IOException {
        ChartStyle.save(directory, name, chart);
    }
}
