package org.orrery.experiments.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Rectangle;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import de.rototor.pdfbox.graphics2d.PdfBoxGraphics2D;
import org.apache.batik.dom.GenericDOMImplementation;
import org.apache.batik.svggen.SVGGeneratorContext;
import org.apache.batik.svggen.SVGGraphics2D;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.w3c.dom.Document;

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
     * {@code directory} and returns the three paths. SVG comes from Apache Batik's SVG generator and
     * PDF from pdfbox-graphics2d on Apache PDFBox, both Apache-2.0 like Orrery; both keep the
     * chart's vectors.
     */
    public static List<Path> save(Path directory, String name, JFreeChart chart) throws IOException {
        Files.createDirectories(directory);
        Path png = directory.resolve(name + ".png");
        Path svgFile = directory.resolve(name + ".svg");
        Path pdfFile = directory.resolve(name + ".pdf");
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
        writeSvg(svgFile, chart);
        writePdf(pdfFile, chart);
        return List.of(png, svgFile, pdfFile);
    }

    private static void writeSvg(Path file, JFreeChart chart) throws IOException {
        Document document = GenericDOMImplementation.getDOMImplementation()
                .createDocument("http://www.w3.org/2000/svg", "svg", null);
        SVGGeneratorContext context = SVGGeneratorContext.createDefault(document);
        context.setComment("Drawn by Orrery with JFreeChart and Apache Batik");
        SVGGraphics2D svg = new SVGGraphics2D(context, false);
        svg.setSVGCanvasSize(new Dimension(WIDTH, HEIGHT));
        chart.draw(svg, new Rectangle(0, 0, WIDTH, HEIGHT));
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            svg.stream(out, true);
        }
    }

    private static void writePdf(Path file, JFreeChart chart) throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(new PDRectangle(WIDTH, HEIGHT));
            document.addPage(page);
            PdfBoxGraphics2D graphics = new PdfBoxGraphics2D(document, WIDTH, HEIGHT);
            chart.draw(graphics, new Rectangle(0, 0, WIDTH, HEIGHT));
            graphics.dispose();
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.drawForm(graphics.getXFormObject());
            }
            // Through a stream, so that drawing a figure again replaces the old file without PDFBox's
            // warning about overwriting a file that the document might still be reading.
            try (OutputStream out = Files.newOutputStream(file)) {
                document.save(out);
            }
        }
    }
}
