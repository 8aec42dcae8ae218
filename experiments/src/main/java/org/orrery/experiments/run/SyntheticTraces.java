package org.orrery.experiments.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.experiments.config.ExperimentConfig;
import org.orrery.traces.AzureLlmTraceReader;
import org.orrery.traces.BundledTraces;
import org.orrery.traces.LlmTraceRecord;
import org.orrery.traces.TraceSource;
import org.orrery.traces.synthetic.DiurnalRate;
import org.orrery.traces.synthetic.SyntheticLlmTrace;
import org.orrery.traces.synthetic.TokenDistribution;

/** Builds the synthetic trace a config describes, with token distributions fitted to a real trace. */
public final class SyntheticTraces {
    /**
     * Token counts of the bundled traces read so far, by source name. A sweep fits every run to the
     * same bundled trace, so reading it once per JVM spares each run a parse of up to 19,365 rows.
     * The arrays are never handed out: the distributions copy or only read them.
     */
    private static final Map<String, int[][]> BUNDLED_COUNTS = new ConcurrentHashMap<>();

    private SyntheticTraces() {
    }

    /** Opens a generator over the config's window, fitting prompt and output counts to {@code fittedTo}. */
    public static SyntheticLlmTrace open(ExperimentConfig.TraceConfig trace, TraceSource fittedTo,
            UniformRandomProvider random) throws IOException {
        ExperimentConfig.SyntheticConfig settings = trace.synthetic();
        int[][] counts = fittedCounts(fittedTo);
        boolean logNormal = "lognormal".equals(settings.tokenDistribution());
        TokenDistribution prompts = logNormal ? TokenDistribution.logNormal(counts[0])
                : TokenDistribution.empirical(counts[0]);
        TokenDistribution outputs = logNormal ? TokenDistribution.logNormal(counts[1])
                : TokenDistribution.empirical(counts[1]);
        DiurnalRate rate = new DiurnalRate(settings.meanRatePerSecond(), settings.diurnalAmplitude(),
                settings.peakHourUtc());
        double durationSeconds = Duration.between(trace.start(), trace.end()).toNanos() / 1e9;
        return new SyntheticLlmTrace(trace.start(), durationSeconds, rate, prompts, outputs, random);
    }

    private static int[][] fittedCounts(TraceSource source) throws IOException {
        if (!source.name().startsWith(BundledTraces.REFERENCE_PREFIX)) {
            return tokenCounts(source);
        }
        try {
            return BUNDLED_COUNTS.computeIfAbsent(source.name(), name -> {
                try {
                    return tokenCounts(source);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Returns the prompt counts (index 0) and output counts (index 1) of every row of {@code source}. */
    public static int[][] tokenCounts(TraceSource source) throws IOException {
        int[] prompts = new int[1024];
        int[] outputs = new int[1024];
        int rows = 0;
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
            }
        }
        return new int[][] {Arrays.copyOf(prompts, rows), Arrays.copyOf(outputs, rows)};
    }
}
