package org.orrery.experiments.output;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.orrery.experiments.run.RunResult;
import org.orrery.model.inference.LlmRequest;
import org.orrery.model.inference.RejectReason;
import org.orrery.model.inference.RequestStatus;

/**
 * The headline metrics of a run, as written to {@code summary.json}. Every value is in the unit its
 * key names; latency percentiles cover completed requests only.
 *
 * <p>Definitions: TTFT runs from arrival to the end of the iteration that produced the first token;
 * end-to-end from arrival to the last token; TPOT is (end-to-end - TTFT) / (output tokens - 1), for
 * requests with more than one output token. Throughput divides completed requests and their output
 * tokens by the simulated duration. GPU-hours, embodied carbon and cost count allocated GPUs over
 * the whole duration.
 */
public final class Summary {
    private Summary() {
    }

    /** Computes the summary tree of {@code result}. */
    public static Map<String, Object> of(RunResult result) {
        List<LlmRequest> requests = result.requests();
        double duration = result.simulatedSeconds();
        int completedCount = 0;
        long outputTokens = 0;
        long promptTokens = 0;
        long preemptions = 0;
        Map<RejectReason, Long> rejectedBy = new EnumMap<>(RejectReason.class);
        double[] ttft = new double[requests.size()];
        double[] tpot = new double[requests.size()];
        double[] e2e = new double[requests.size()];
        double requestEnergy = 0;
        for (LlmRequest request : requests) {
            preemptions += request.preemptions();
            requestEnergy += request.energyJoules();
            if (request.status() == RequestStatus.REJECTED) {
                rejectedBy.merge(request.rejectReason(), 1L, Long::sum);
                continue;
            }
            ttft[completedCount] = request.ttftSeconds();
            tpot[completedCount] = request.tpotSeconds();
            e2e[completedCount] = request.endToEndSeconds();
            completedCount++;
            outputTokens += request.outputTokens();
            promptTokens += request.promptTokens();
        }
        long rejected = requests.size() - completedCount;

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("name", result.experiment().config().name());
        summary.put("seed", result.experiment().config().seed());
        summary.put("window_start_utc", result.origin().toString());
        summary.put("duration_s", duration);

        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("arrived", requests.size());
        counts.put("completed", completedCount);
        counts.put("rejected", rejected);
        Map<String, Object> reasons = new LinkedHashMap<>();
        for (RejectReason reason : RejectReason.values()) {
            reasons.put(reason.id(), rejectedBy.getOrDefault(reason, 0L));
        }
        counts.put("rejected_by_reason", reasons);
        counts.put("skipped_before_window", result.skippedBeforeStart());
        counts.put("preemptions", preemptions);
        summary.put("requests", counts);

        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("ttft", LatencyStatistics.summarize(java.util.Arrays.copyOf(ttft, completedCount)));
        latency.put("tpot", LatencyStatistics.summarize(java.util.Arrays.copyOf(tpot, completedCount)));
        latency.put("e2e", LatencyStatistics.summarize(java.util.Arrays.copyOf(e2e, completedCount)));
        summary.put("latency_s", latency);

        Map<String, Object> throughput = new LinkedHashMap<>();
        throughput.put("requests_per_s", completedCount / duration);
        throughput.put("output_tokens_per_s", outputTokens / duration);
        throughput.put("prompt_tokens_per_s", promptTokens / duration);
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
        energy.put("attributed_to_requests", requestEnergy);
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
}
