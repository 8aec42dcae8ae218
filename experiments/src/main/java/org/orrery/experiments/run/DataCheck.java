package org.orrery.experiments.run;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.orrery.experiments.config.ConfigException;
import org.orrery.experiments.config.Experiment;
import org.orrery.experiments.config.ExperimentConfig;
import org.orrery.traces.AzureLlmTraceReader;
import org.orrery.traces.CarbonIntensityColumn;
import org.orrery.traces.CarbonIntensityReader;
import org.orrery.traces.CarbonIntensityRecord;
import org.orrery.traces.LlmTraceRecord;
import org.orrery.traces.TraceFormatException;

/**
 * Reads the data files an experiment names, without simulating, and reports what would stop a run:
 * a malformed trace or carbon row, a replay window with no requests, a carbon series that does not
 * cover the arrivals, and a performance profile that is missing or does not fit the model or GPU. {@code orrery validate} runs it after the config checks. A run can still
 * outlive the series by the time it takes to finish the last requests, which only the run itself
 * can tell.
 */
public final class DataCheck {
    private DataCheck() {
    }

    /** The findings: problems in the config's key-path form, and the replayed window if it has requests. */
    public record Result(List<String> problems, long requests, Instant firstArrival, Instant lastArrival) {
    }

    /** Checks the trace and carbon series of {@code experiment}. */
    public static Result check(Experiment experiment) {
        List<String> problems = new ArrayList<>();
        ExperimentConfig.TraceConfig trace = experiment.config().trace();
        long requests = 0;
        Instant first = null;
        Instant last = null;
        if (trace.isSynthetic()) {
            first = trace.start();
            last = trace.end();
        } else {
            try (AzureLlmTraceReader reader = AzureLlmTraceReader.open(experiment.trace())) {
                while (reader.hasNext() && (trace.maxRequests() == 0 || requests < trace.maxRequests())) {
                    LlmTraceRecord record = reader.next();
                    if (trace.start() != null && record.arrival().isBefore(trace.start())) {
                        continue;
                    }
                    if (trace.end() != null && !record.arrival().isBefore(trace.end())) {
                        break;
                    }
                    if (record.promptTokens() < 1 || record.outputTokens() < 1) {
                        continue;
                    }
                    requests++;
                    first = first == null ? record.arrival() : first;
                    last = record.arrival();
                }
            } catch (TraceFormatException e) {
                problems.add("trace.path: " + e.getMessage());
            } catch (IOException e) {
                problems.add("trace.path: cannot read " + experiment.trace().name() + ": " + e);
            }
            if (problems.isEmpty() && requests == 0) {
                problems.add("trace.path: no row of " + experiment.trace().name() + " with tokens falls in the "
                        + "replay window: check trace.start, trace.end and trace.max_requests");
            }
        }
        try {
            ProfileChoice.load(experiment);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        if (experiment.carbonSeries() != null && first != null) {
            Instant origin = trace.start() != null ? trace.start() : first;
            checkCarbon(experiment, origin, last, problems);
        }
        return new Result(problems, requests, first, last);
    }

    private static void checkCarbon(Experiment experiment, Instant origin, Instant last, List<String> problems) {
        CarbonIntensityColumn column = "lca".equals(experiment.config().carbon().signal())
                ? CarbonIntensityColumn.LCA : CarbonIntensityColumn.DIRECT;
        List<CarbonIntensityRecord> records;
        try {
            records = CarbonIntensityReader.readAll(experiment.carbonSeries(), column);
        } catch (TraceFormatException e) {
            problems.add("carbon.intensity: " + e.getMessage());
            return;
        } catch (IOException e) {
            problems.add("carbon.intensity: cannot read " + experiment.carbonSeries().name() + ": " + e);
            return;
        }
        if (records.isEmpty()) {
            problems.add("carbon.intensity: the series " + experiment.carbonSeries().name() + " has no rows");
            return;
        }
        Instant seriesStart = records.get(0).hourStart();
        Instant seriesEnd = ScenarioRunner.carbonSeriesEnd(records);
        if (origin.isBefore(seriesStart) || !last.isBefore(seriesEnd)) {
            problems.add("carbon.intensity: the series " + experiment.carbonSeries().name() + " covers " + seriesStart
                    + " to " + seriesEnd + ", but the arrivals run from " + origin + " to " + last
                    + ": choose a series that covers the whole run, or a constant intensity in g/kWh");
        }
    }
}
