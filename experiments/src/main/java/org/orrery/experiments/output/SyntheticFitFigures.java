package org.orrery.experiments.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.rng.UniformRandomProvider;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import org.orrery.traces.synthetic.DiurnalRate;
import org.orrery.traces.synthetic.SyntheticLlmTrace;
import org.orrery.traces.synthetic.TokenDistribution;

/**
 * Figures that document the synthetic trace generator against the trace it was fitted to: the
 * empirical CDF of prompt and output tokens next to the fitted log-normal CDFs, and the hourly
 * arrival counts of two generated days next to the expected counts of the rate curve.
 */
public final class SyntheticFitFigures {
    private static final int CDF_POINTS = 400;

    private SyntheticFitFigures() {
    }

    /**
     * Draws {@code synthetic-token-fit} and returns the Kolmogorov-Smirnov distance between each
     * data set and its fitted log-normal before rounding: {prompt, output}.
     */
    public static double[] tokenFit(Path directory, int[] prompts, int[] outputs) throws IOException {
        Files.createDirectories(directory);
        TokenDistribution.LogNormal promptFit = (TokenDistribution.LogNormal) TokenDistribution.logNormal(prompts);
        TokenDistribution.LogNormal outputFit = (TokenDistribution.LogNormal) TokenDistribution.logNormal(outputs);
        XYSeriesCollection dataset = new XYSeriesCollection();
        dataset.addSeries(empiricalCdf("Prompt tokens, trace", prompts));
        dataset.addSeries(fittedCdf("Prompt tokens, log-normal fit", promptFit, prompts));
        dataset.addSeries(empiricalCdf("Output tokens, trace", outputs));
        dataset.addSeries(fittedCdf("Output tokens, log-normal fit", outputFit, outputs));
        LogAxis xAxis = Figures.logAxis("Tokens per request");
        NumberAxis yAxis = new NumberAxis("Fraction of requests");
        yAxis.setRange(0.0, 1.0);
        Figures.save(directory, "synthetic-token-fit", Figures.chart(dataset, xAxis, yAxis));
        return new double[] {ksDistance(prompts, promptFit), ksDistance(outputs, outputFit)};
    }

    /** Draws {@code synthetic-diurnal-rate}: generated arrivals per hour over two days against the rate curve. */
    public static void diurnalRate(Path directory, DiurnalRate rate, Instant start, UniformRandomProvider random)
            throws IOException {
        Files.createDirectories(directory);
        int hours = 48;
        TokenDistribution one = TokenDistribution.empirical(new int[] {1, 1});
        SyntheticLlmTrace trace = new SyntheticLlmTrace(start, hours * 3600.0, rate, one, one, random);
        long[] counts = new long[hours];
        long startSecond = start.getEpochSecond();
        while (trace.hasNext()) {
            counts[(int) ((trace.next().arrival().getEpochSecond() - startSecond) / 3600)]++;
        }
        XYSeries generated = new XYSeries("Generated arrivals per hour");
        XYSeries expected = new XYSeries("Rate curve x 3,600 s");
        double startEpoch = start.getEpochSecond();
        for (int hour = 0; hour < hours; hour++) {
            generated.add(hour + 0.5, counts[hour]);
        }
        for (int minute = 0; minute <= hours * 60; minute += 10) {
            expected.add(minute / 60.0, rate.perSecondAt(startEpoch + minute * 60.0) * 3600);
        }
        XYSeriesCollection dataset = new XYSeriesCollection();
        dataset.addSeries(generated);
        dataset.addSeries(expected);
        NumberAxis xAxis = new NumberAxis("Hours since " + start);
        NumberAxis yAxis = new NumberAxis("Arrivals per hour");
        yAxis.setAutoRangeIncludesZero(true);
        Figures.save(directory, "synthetic-diurnal-rate", Figures.chart(dataset, xAxis, yAxis));
    }

    private static XYSeries empiricalCdf(String name, int[] counts) {
        int[] sorted = counts.clone();
        Arrays.sort(sorted);
        XYSeries series = new XYSeries(name, false, true);
        int step = Math.max(1, sorted.length / CDF_POINTS);
        for (int i = 0; i < sorted.length; i += step) {
            series.add(sorted[i], (i + 1.0) / sorted.length);
        }
        series.add(sorted[sorted.length - 1], 1.0);
        return series;
    }

    private static XYSeries fittedCdf(String name, TokenDistribution.LogNormal fit, int[] counts) {
        NormalDistribution normal = new NormalDistribution(null, 0, 1);
        int max = Arrays.stream(counts).max().orElseThrow();
        int min = Arrays.stream(counts).min().orElseThrow();
        XYSeries series = new XYSeries(name, false, true);
        double logMin = Math.log(min);
        double logMax = Math.log(max);
        for (int i = 0; i <= CDF_POINTS; i++) {
            double tokens = Math.exp(logMin + (logMax - logMin) * i / CDF_POINTS);
            series.add(tokens, normal.cumulativeProbability((Math.log(tokens) - fit.mu()) / fit.sigma()));
        }
        return series;
    }

    /** Returns max |F_data(x) - F_fit(x)| over the data points, checking both sides of each step. */
    private static double ksDistance(int[] counts, TokenDistribution.LogNormal fit) {
        NormalDistribution normal = new NormalDistribution(null, 0, 1);
        int[] sorted = counts.clone();
        Arrays.sort(sorted);
        double distance = 0;
        int n = sorted.length;
        for (int i = 0; i < n; i++) {
            double fitted = normal.cumulativeProbability((Math.log(sorted[i]) - fit.mu()) / fit.sigma());
            distance = Math.max(distance, Math.max(Math.abs((i + 1.0) / n - fitted), Math.abs(fitted - (double) i / n)));
        }
        return distance;
    }
}
