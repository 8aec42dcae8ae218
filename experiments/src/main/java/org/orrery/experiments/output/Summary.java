package org.orrery.experiments.output;

import java.util.LinkedHashMap;
import java.util.Map;

import org.orrery.experiments.run.LatencySample;
import org.orrery.experiments.run.RequestStatistics;
import org.orrery.experiments.run.RunResult;
import org.orrery.model.inference.RejectReason;

/**
 * The headline metrics of a run, as written to {@code summary.json}. Every value is in the unit its
 * key names; latency percentiles cover completed requests only.
 *
 * <p>Definitions: TTFT runs from arrival to the end of the iteration that produced the first token;
 * end-to-end from arrival to the last token; TPOT is (end-to-end - TTFT) / (output tokens - 1), for
 * requests with more than one output token. Percentiles are exact up to a million completed
 * requests and from a DDSketch with 0.1% relative accuracy beyond (see {@link LatencySample}). Throughput divides completed requests and their output
 * tokens by the simulated duration. GPU-hours, embodied carbon and cost count allocated GPUs over
 * the whole duration.
 */
public final class Summary {
    private Summary() {
    }

    /** Computes the summary tree of {@code result}. */
    public static Map<String, Object> of(RunResult result) {
        RequestStatistics statistics = result.statistics();
        double duration = result.simulatedSeconds();
        long completedCount = statistics.completed();
        long rejected = statistics.rejected();

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("name", result.experiment().config().name());
        summary.put("seed", result.experiment().config().seed());
        summary.put("window_start_utc", result.origin().toString());
        summary.put("duration_s", duration);

        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("arrived", statistics.finished());
        counts.put("completed", completedCount);
        counts.put("rejected", rejected);
        Map<String, Object> reasons = new LinkedHashMap<>();
        for (RejectReason reason : RejectReason.values()) {
            reasons.put(reason.id(), statistics.rejected(reason));
        }
        counts.put("rejected_by_reason", reasons);
        counts.put("skipped_before_window", result.skippedBeforeStart());
        counts.put("skipped_without_tokens", result.skippedWithoutTokens());
        counts.put("preemptions", statistics.preemptions());
        summary.put("requests", counts);

        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("ttft", latencySummary(statistics.ttft()));
        latency.put("tpot", latencySummary(statistics.tpot()));
        latency.put("e2e", latencySummary(statistics.endToEnd()));
        latency.put("percentile_method", statistics.endToEnd().isExact() ? "exact (linear interpolation, type 7)"
                : "DDSketch, relative accuracy " + LatencySample.SKETCH_RELATIVE_ACCURACY);
        summary.put("latency_s", latency);

        Map<String, Object> throughput = new LinkedHashMap<>();
        throughput.put("requests_per_s", completedCount / duration);
        throughput.put("output_tokens_per_s", statistics.completedOutputTokens() / duration);
        throughput.put("prompt_tokens_per_s", statistics.completedPromptTokens() / duration);
        summary.put("throughput", throughput);

        Map<String, Object> gpus = new LinkedHashMap<>();
        gpus.put("allocated", result.cluster().allocatedGpus());
        gpus.put("total", result.cluster().totalGpus());
        gpus.put("mean_busy", result.metrics().busyGpus().integral() / duration);
        summary.put("gpus", gpus);
        summary.put("gpu_hours", result.cluster().allocatedGpuSeconds(duration) / 3600.0);

        Map<String, Object> energy = new LinkedHashMap<>();
        energy.put("gpu", result.power().gpuEnergyJoules());
        energy.put("host", result.power().hostEnergyJoules());
        energy.put("it", result.power().itEnergyJoules());
        energy.put("facility", result.power().facilityEnergyJoules());
        energy.put("attributed_to_requests", statistics.attributedEnergyJoules());
        summary.put("energy_j", energy);

        Map<String, Object> power = new LinkedHashMap<>();
        power.put("mean_facility", result.power().facilityEnergyJoules() / duration);
        power.put("pue", result.power().pue());
        summary.put("power_w", power);

        double operational = result.power().operationalCarbonGrams();
        double embodied = result.cluster().embodiedCarbonGrams(duration);
        Map<String, Object> carbon = new LinkedHashMap<>();
        carbon.put("operational", operational);
        carbon.put("embodied", embodied);
        carbon.put("total", operational + embodied);
        carbon.put("mean_intensity_g_per_kwh", result.intensity().integral(0, duration) / duration);
        summary.put("carbon_g", carbon);

        summary.put("cost_usd", result.cluster().costUsd(duration));
        return summary;
    }

    /** Returns {@code count, mean, p50, p90, p99} of a sample, with nulls when it is empty. */
    private static Map<String, Object> latencySummary(LatencySample sample) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("count", sample.count());
        boolean empty = sample.count() == 0;
        summary.put("mean", empty ? null : sample.mean());
        summary.put("p50", empty ? null : sample.percentile(50));
        summary.put("p90", empty ? null : sample.percentile(90));
        summary.put("p99", empty ? null : sample.percentile(99));
        return summary;
    }
}
