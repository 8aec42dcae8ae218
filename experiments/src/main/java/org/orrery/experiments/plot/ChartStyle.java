package org.orrery.experiments.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.pdf.PDFDocument;
import org.jfree.pdf.Page;
import org.jfree.svg.SVGGraphics2D;

/**
 * Publication defaults shared by every Orrery figure. Colours come from the Okabe-Ito palette,
 * which stays distinguishable under the common colour-vision deficiencies. Fonts are sized so that
 * a 640 x 420 figure scaled to one column of a two-column paper (about 3.3 inches) stays readable.
 * Backgrounds are white with light grid lines, and every figure is saved as PNG (for slides) and
 * SVG (for papers, scalable without loss).
 */
public final class ChartStyle {
    /** Okabe-Ito colours, in the order series use them. */
    public static final List<Color> PALETTE = List.of(new Color(0x0072B2), new Color(0xD55E00),
            new Color(0x009E73), new Color(0xE69F00), new Color(0xCC79A7), new Color(0x56B4E9), new Color(0xF0E442),
            new Color(0x000000));
    /** Width of a saved figure, in pixels. */
    public static final int WIDTH = 640;
    /** Height of a saved figure, in pixels. */
    public static final int HEIGHT = 420;
    /** Font of axis labels. */
    public static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 16);
    /** Font of tick labels and legends. */
    public static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    /** Stroke of data lines. */
    public static final BasicStroke LINE = new BasicStroke(2.0f);

    private static final Color GRID = new Color(0xDDDDDD);

    private ChartStyle() {
    }

    /** Returns the palette colour of series {@code index}, cycling when there are more series than colours. */
    public static Paint colour(int index) {
        return PALETTE.get(index % PALETTE.size());
    }

    /** Applies fonts to {@code axes}. */
    public static void styleAxes(Axis... axes) {
        for (Axis axis : axes) {
            axis.setLabelFont(LABEL_FONT);
            axis.setTickLabelFont(TICK_FONT);
        }
    }

    /** Wraps {@code plot} in a chart without title, styled with white backgrounds, light grid lines and a legend when asked. */
    public static JFreeChart chart(Plot plot, boolean legend) {
        plot.setBackgroundPaint(Color.WHITE);
        if (plot instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(GRID);
            xy.setRangeGridlinePaint(GRID);
        } else if (plot instanceof CategoryPlot category) {
            category.setRangeGridlinePaint(GRID);
        }
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, legend);
        chart.setBackgroundPaint(Color.WHITE);
        LegendTitle legendTitle = chart.getLegend();
        if (legendTitle != null) {
            legendTitle.setItemFont(TICK_FONT);
        }
        return chart;
    }

    /**
     * Saves {@code chart} as {@code <name>.png}, {@code <name>.svg} and {@code <name>.pdf} in
     * {@code directory} and returns the three paths. The PDF keeps the chart's vectors and text, drawn
     * by JFreePDF with the standard PDF fonts.
     */
    public static List<Path> save(Path directory, String name, JFreeChart chart) throws IOException {
        Files.createDirectories(directory);
        Path png = directory.resolve(name + ".png");
        Path svgFile = directory.resolve(name + ".svg");
        Path pdfFile = directory.resolve(name + ".pdf");
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
        SVGGraphics2D svg = new SVGGraphics2D(WIDTH, HEIGHT);
        // A fixed prefix for clip-path and gradient ids makes the SVG of a run reproducible.
        svg.setDefsKeyPrefix("orrery-" + name + "-");
        chart.draw(svg, new Rectangle(0, 0, WIDTH, HEIGHT));
        Files.writeString(svgFile, svg.getSVGDocument(), StandardCharsets.UTF_8);
        PDFDocument pdf = new PDFDocument();
        Page page = pdf.createPage(new Rectangle(0, 0, WIDTH, HEIGHT));
        chart.draw(page.getGraphics2D(), new Rectangle(0, 0, WIDTH, HEIGHT));
        pdf.writeToFile(pdfFile.toFile());
        return List.of(png, svgFile, pdfFile);
    }
}
