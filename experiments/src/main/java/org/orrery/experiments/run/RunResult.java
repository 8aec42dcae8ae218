package org.orrery.experiments.run;

import java.time.Instant;
import java.util.List;

import org.orrery.core.EngineKind;
import org.orrery.experiments.config.Experiment;
import org.orrery.model.carbon.CarbonIntensity;
import org.orrery.model.cluster.Cluster;
import org.orrery.model.inference.LlmRequest;
import org.orrery.model.inference.ServingMetrics;
import org.orrery.model.power.PowerAccount;

/**
 * Everything a finished run produced, for the result writers.
 *
 * @param experiment the experiment that ran
 * @param engine the engine it ran on
 * @param origin the wall-clock instant of simulation time 0
 * @param statistics totals and latency samples over every request that arrived
 * @param requests every request in the order they finished, when the run kept them; empty otherwise
 * @param skippedBeforeStart trace rows before the window start, not replayed
 * @param skippedWithoutTokens trace rows in the window with zero prompt or output tokens, not replayed
 * @param simulatedSeconds simulation time of the last event: the run's duration
 * @param wallSeconds wall-clock time of the simulation alone, without loading and writing
 * @param events events the engine executed
 * @param peakHeapBytes peak heap use during the run, summed over heap memory pools
 * @param cluster the cluster with its allocations
 * @param power the power, energy and operational carbon account
 * @param intensity the grid carbon intensity over simulation time
 * @param metrics queue, running and busy-GPU series
 */
public record RunResult(
        Experiment experiment,
        EngineKind engine,
        Instant origin,
        RequestStatistics statistics,
        List<LlmRequest> requests,
        long skippedBeforeStart,
        long skippedWithoutTokens,
        double simulatedSeconds,
        double wallSeconds,
        long events,
        long peakHeapBytes,
        Cluster cluster,
        PowerAccount power,
        CarbonIntensity intensity,
        ServingMetrics metrics) {
}
