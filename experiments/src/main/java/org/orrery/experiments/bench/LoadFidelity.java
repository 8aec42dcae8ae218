package org.orrery.experiments.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import org.apache.commons.rng.UniformRandomProvider;
import org.orrery.core.RandomStreams;
import org.orrery.core.Simulation;
import org.orrery.experiments.config.ModelCatalog;
import org.orrery.experiments.run.ProfileLoader;
import org.orrery.hardware.AcceleratorSpec;
import org.orrery.hardware.HardwareCatalog;
import org.orrery.model.carbon.ConstantCarbonIntensity;
import org.orrery.model.inference.IterationBatch;
import org.orrery.model.inference.IterationProfile;
import org.orrery.model.inference.LlmRequest;
import org.orrery.model.inference.ModelSpec;
import org.orrery.model.inference.PerformanceModel;
import org.orrery.model.inference.ProfilePerformanceModel;
import org.orrery.model.inference.RequestStatus;
import org.orrery.model.inference.RooflineFit;
import org.orrery.model.inference.RooflineParameters;
import org.orrery.model.inference.RooflinePerformanceModel;
import org.orrery.model.inference.ServingInstance;
import org.orrery.model.inference.ServingLimits;
import org.orrery.model.inference.ServingMetrics;
import org.orrery.model.power.GpuPowerModel;
import org.orrery.model.power.InstancePower;
import org.orrery.model.power.PowerAccount;
import org.orrery.traces.profiles.VllmRequestLog;

/**
 * Checks the serving model across loads from 50% to 110% of an instance's capacity. No bundled
 * measurement varies the load on one instance (both vLLM runs are overloaded), so this compares
 * with theory where theory is exact, and shows how sensitive latency is to a capacity error.
 *
 * <ul>
 *   <li>Queueing theory: one instance limited to one running sequence, serving identical
 *       single-token requests, is an M/D/1 queue (Poisson arrivals, a deterministic service time
 *       {@code S}, one server). Below saturation its mean wait is {@code rho S / (2 (1 - rho))}.
 *       Above it the queue grows at {@code lambda - 1 / S} requests per second.
 *   <li>Capacity sensitivity: Poisson arrivals of the RTX 4090 run's requests at 50% to 110% of
 *       the simulated capacity of that instance, served with iteration times as predicted and
 *       scaled for a capacity 5% lower and 5% higher. The error is the change of mean TTFT that
 *       the capacity error alone causes, against the 20% TTFT target.
 * </ul>
 */
final class LoadFidelity {
    /** Loads of the M/D/1 check, as arrival rate over service rate. */
    static final double[] THEORY_LOADS = {0.5, 0.7, 0.9, 0.95, 1.1};
    /** Loads of the sensitivity sweep, as arrival rate over the instance's simulated capacity. */
    static final double[] SWEEP_LOADS = {0.5, 0.7, 0.8, 0.9, 0.95, 1.0, 1.1};
    /** Relative capacity error of the sensitivity sweep, applied in both directions. */
    static final double CAPACITY_ERROR = 0.05;

    static final int THEORY_PROMPT_TOKENS = 512;
    /** Requests per replication above saturation. Below it, {@link #theoryRequests} scales with the load. */
    static final int THEORY_REQUESTS_OVERLOADED = 20_000;
    static final int THEORY_REPLICATIONS = 10;
    /** Two-sided 99% quantile of Student's t with 9 degrees of freedom, for 10 replications. */
    static final double T_99_NINE_DEGREES = 3.250;
    static final int SWEEP_REQUESTS = 1_000;

    private static final String RUN = "/org/orrery/experiments/validation/llmservingsim/RTX4090-Llama-3.1-8B/";
    private static final long SEED = 20_261_204L;
    private static final int RTX4090_KV_BLOCKS = 2_588;

    private LoadFidelity() {
    }

    /** Runs the queueing check and the capacity sweep. */
    static List<FidelityComparison> compareAll() {
        Instance instance = rtx4090();
        List<FidelityComparison> comparisons = new ArrayList<>();
        for (double load : THEORY_LOADS) {
            comparisons.add(theoryCheck(instance, load).comparison());
        }
        comparisons.addAll(capacitySweep(instance).comparisons());
        return comparisons;
    }

    /** The performance model and engine limits of the RTX 4090 run's instance. */
    record Instance(ModelSpec model, AcceleratorSpec gpu, PerformanceModel performance, ServingLimits limits) {
    }

    /** Builds the RTX 4090 instance of the vLLM run: its profile, limits and KV-cache size. */
    static Instance rtx4090() {
        ModelSpec model = ModelCatalog.bundled().find("Llama-3.1-8B");
        AcceleratorSpec gpu = HardwareCatalog.bundled().accelerator("RTX-4090-24GB");
        IterationProfile profile = ProfileLoader.load("bundled:llmservingsim-RTX4090-Llama-3.1-8B-tp1", null, model, 1);
        RooflinePerformanceModel fallback = new RooflinePerformanceModel(model, gpu, 1,
                RooflineFit.fit(profile, model, gpu, RooflineParameters.DEFAULTS));
        PerformanceModel performance = new ProfilePerformanceModel(profile, fallback, 0.0);
        double kvBytes = RTX4090_KV_BLOCKS * 16 * model.kvBytesPerToken();
        ServingLimits limits = new ServingLimits(256, 2048, (kvBytes + model.weightBytes()) / gpu.memoryBytes(), 16,
                true, true);
        return new Instance(model, gpu, performance, limits);
    }

    /**
     * Result of the M/D/1 check at one load.
     *
     * @param load arrival rate over service rate
     * @param serviceSeconds the deterministic service time {@code S}
     * @param theory mean wait (below saturation) or queue growth per second (above), from theory
     * @param simulated the same quantity, averaged over the replications
     * @param tolerance the 99% confidence half-width of {@code simulated}
     */
    record TheoryCheck(double load, double serviceSeconds, double theory, double simulated, double tolerance) {

        FidelityComparison comparison() {
            String metric = load < 1 ? "mean_wait_vs_md1" : "queue_growth_vs_md1";
            return new FidelityComparison(String.format(Locale.ROOT, "load M/D/1 rho=%.2f", load), metric,
                    Math.abs(simulated - theory) / theory, tolerance / theory);
        }
    }

    /**
     * Runs the M/D/1 check at {@code load}. The instance serves one sequence at a time, and every
     * request has the same prompt and one output token, so each takes one prefill iteration of the
     * same length. Each replication draws its own Poisson arrivals. Below saturation the wait is
     * TTFT minus the service time, averaged over all requests after the first tenth, which is
     * dropped because the queue starts empty. Above saturation the queue length when the last
     * request arrives, divided by that time, is the growth rate.
     *
     * @throws IllegalArgumentException if the load is not positive and finite, or is exactly 1
     */
    static TheoryCheck theoryCheck(Instance instance, double load) {
        if (!(load > 0) || load == 1 || Double.isInfinite(load)) {
            throw new IllegalArgumentException("M/D/1 load must be positive, finite and not 1, where the queue "
                    + "neither settles nor grows linearly, got " + load);
        }
        ServingLimits limits = new ServingLimits(1, THEORY_PROMPT_TOKENS, 0.9, 16);
        IterationBatch prefill = new IterationBatch();
        prefill.addPrefill(THEORY_PROMPT_TOKENS, 0);
        double service = instance.performance().iterationSeconds(prefill);
        double arrivalRate = load / service;

        // Replications are independent and each has its own seed, so they run in parallel and the
        // result does not depend on the number of threads.
        double[] values = IntStream.range(0, THEORY_REPLICATIONS).parallel()
                .mapToDouble(replication -> theoryReplication(instance, limits, load, service, replication))
                .toArray();

        double theory = load < 1 ? load * service / (2 * (1 - load)) : arrivalRate - 1 / service;
        double mean = mean(values);
        double variance = 0;
        for (double value : values) {
            variance += (value - mean) * (value - mean);
        }
        double standardError = Math.sqrt(variance / (values.length - 1) / values.length);
        return new TheoryCheck(load, service, theory, mean, T_99_NINE_DEGREES * standardError);
    }

    /** Runs one replication of the M/D/1 check and returns its mean wait or queue growth per second. */
    private static double theoryReplication(Instance instance, ServingLimits limits, double load, double service,
            int replication) {
        int count = theoryRequests(load);
        UniformRandomProvider random = new RandomStreams(SEED + replication).stream("md1 arrivals");
        List<LlmRequest> requests = new ArrayList<>(count);
        double time = 0;
        for (int i = 0; i < count; i++) {
            time += exponential(random, load / service);
            requests.add(new LlmRequest(i, time, THEORY_PROMPT_TOKENS, 1));
        }
        // Every iteration is the same 512-token prefill, so a constant model gives the profile's time
        // without sharing the profile model, whose fallback counter is not thread-safe, between threads.
        PerformanceModel deterministic = batch -> service;
        if (load >= 1) {
            int queued = serve(instance, deterministic, limits, requests, time);
            return queued / time;
        }
        serve(instance, deterministic, limits, requests, Double.POSITIVE_INFINITY);
        double sum = 0;
        int counted = 0;
        for (int i = count / 10; i < count; i++) {
            sum += requests.get(i).ttftSeconds() - service;
            counted++;
        }
        return sum / counted;
    }

    /**
     * Returns the requests per replication at {@code load}: 10,000 / (1 - load) below saturation,
     * because waits stay correlated over more requests as the load nears 1 and the run must grow
     * to keep the confidence interval narrow.
     */
    static int theoryRequests(double load) {
        return load < 1 ? (int) Math.round(10_000 / (1 - load)) : THEORY_REQUESTS_OVERLOADED;
    }

    /**
     * Result of the capacity sweep.
     *
     * @param capacityPerSecond requests per second the instance completes when saturated
     * @param loads arrival rate over capacity, one per row
     * @param ttftSeconds mean TTFT per load, for capacities {@code 1 - error}, as predicted and
     *     {@code 1 + error} (columns 0, 1 and 2)
     */
    record Sweep(double capacityPerSecond, double[] loads, double[][] ttftSeconds) {

        List<FidelityComparison> comparisons() {
            List<FidelityComparison> comparisons = new ArrayList<>();
            for (int row = 0; row < loads.length; row++) {
                String name = String.format(Locale.ROOT, "load RTX4090 Llama-3.1-8B rho=%.2f", loads[row]);
                double predicted = ttftSeconds[row][1];
                comparisons.add(new FidelityComparison(name, "ttft_mean_if_capacity_-5%",
                        Math.abs(ttftSeconds[row][0] - predicted) / predicted, 0.20));
                comparisons.add(new FidelityComparison(name, "ttft_mean_if_capacity_+5%",
                        Math.abs(ttftSeconds[row][2] - predicted) / predicted, 0.20));
            }
            return comparisons;
        }
    }

    /**
     * Runs the capacity sweep. Request sizes are drawn with replacement from the RTX 4090 run's 300
     * requests. Capacity is the completion rate of a saturated instance: all of
     * {@link #SWEEP_REQUESTS} requests arrive at once, and the rate is measured between the 10th
     * and the 90th percentile of their completion times. Each load then replays the same sizes
     * with Poisson arrivals at that fraction of the capacity, three times: with iteration times
     * divided by 0.95, as predicted, and divided by 1.05.
     */
    static Sweep capacitySweep(Instance instance) {
        int[][] sizes = runSizes();
        UniformRandomProvider random = new RandomStreams(SEED).stream("sweep sizes");
        int[] draws = new int[SWEEP_REQUESTS];
        for (int i = 0; i < SWEEP_REQUESTS; i++) {
            draws[i] = random.nextInt(sizes.length);
        }

        List<LlmRequest> burst = new ArrayList<>(SWEEP_REQUESTS);
        for (int i = 0; i < SWEEP_REQUESTS; i++) {
            burst.add(new LlmRequest(i, 0.0, sizes[draws[i]][0], sizes[draws[i]][1]));
        }
        serve(instance, instance.performance(), instance.limits(), burst, Double.POSITIVE_INFINITY);
        double[] completions = burst.stream().mapToDouble(LlmRequest::completionSeconds).sorted().toArray();
        int low = SWEEP_REQUESTS / 10;
        int high = SWEEP_REQUESTS * 9 / 10;
        double capacity = (high - low) / (completions[high] - completions[low]);

        double[] factors = {1 / (1 - CAPACITY_ERROR), 1.0, 1 / (1 + CAPACITY_ERROR)};
        double[][] ttft = new double[SWEEP_LOADS.length][factors.length];
        for (int row = 0; row < SWEEP_LOADS.length; row++) {
            UniformRandomProvider arrivals = new RandomStreams(SEED).stream("sweep arrivals");
            double[] times = new double[SWEEP_REQUESTS];
            double time = 0;
            for (int i = 0; i < SWEEP_REQUESTS; i++) {
                time += exponential(arrivals, SWEEP_LOADS[row] * capacity);
                times[i] = time;
            }
            for (int column = 0; column < factors.length; column++) {
                double factor = factors[column];
                PerformanceModel scaled = batch -> factor * instance.performance().iterationSeconds(batch);
                List<LlmRequest> requests = new ArrayList<>(SWEEP_REQUESTS);
                for (int i = 0; i < SWEEP_REQUESTS; i++) {
                    requests.add(new LlmRequest(i, times[i], sizes[draws[i]][0], sizes[draws[i]][1]));
                }
                serve(instance, scaled, instance.limits(), requests, Double.POSITIVE_INFINITY);
                ttft[row][column] = requests.stream().mapToDouble(LlmRequest::ttftSeconds).average().orElseThrow();
            }
        }
        return new Sweep(capacity, SWEEP_LOADS.clone(), ttft);
    }

    /**
     * Serves {@code requests} on one instance until {@code untilSeconds}, or until all complete when
     * it is infinite, and returns how many are still waiting or running at the end.
     */
    private static int serve(Instance instance, PerformanceModel performance, ServingLimits limits,
            List<LlmRequest> requests, double untilSeconds) {
        try (Simulation simulation = new Simulation()) {
            PowerAccount account = new PowerAccount(1.0, new ConstantCarbonIntensity(0), 3600, 0, 0);
            GpuPowerModel power = new GpuPowerModel(instance.gpu().idlePowerWatts(), instance.gpu().tdpWatts(),
                    GpuPowerModel.DEFAULT_PREFILL_FRACTION, GpuPowerModel.DEFAULT_DECODE_FRACTION,
                    GpuPowerModel.DEFAULT_DECODE_SATURATED_FRACTION, GpuPowerModel.DEFAULT_HALF_SATURATION_BATCH);
            double kvBytes = ServingInstance.kvCapacityBytes(instance.model(), instance.gpu().memoryBytes(), 1, limits);
            ServingInstance server = new ServingInstance(0, simulation, instance.model(), performance, limits, kvBytes,
                    new InstancePower(account, power, 1, 0), new ServingMetrics(3600), request -> { });
            scheduleArrival(simulation, server, requests, 0);
            if (Double.isInfinite(untilSeconds)) {
                simulation.run();
                if (requests.stream().anyMatch(r -> r.status() != RequestStatus.COMPLETED)) {
                    throw new IllegalStateException("the load check left requests unfinished: " + server.waitingCount()
                            + " waiting, " + server.runningCount() + " running");
                }
            } else {
                simulation.runUntil(untilSeconds);
            }
            return server.waitingCount() + server.runningCount();
        }
    }

    /** Schedules the arrival of request {@code index}, which schedules the next one, so the event list stays short. */
    private static void scheduleArrival(Simulation simulation, ServingInstance server, List<LlmRequest> requests,
            int index) {
        if (index == requests.size()) {
            return;
        }
        LlmRequest request = requests.get(index);
        simulation.schedule(request.arrivalSeconds(), () -> {
            server.submit(request);
            scheduleArrival(simulation, server, requests, index + 1);
        });
    }

    /** Returns the (prompt, output) token counts of the RTX 4090 run's requests. */
    private static int[][] runSizes() {
        List<VllmRequestLog.Entry> entries;
        try (BufferedReader reader = FidelityBenchmark.open(RUN + "requests.jsonl")) {
            entries = VllmRequestLog.read(reader, "bundled validation RTX4090 requests.jsonl");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int[][] sizes = new int[entries.size()][];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = new int[] {entries.get(i).promptTokens(), entries.get(i).outputTokens()};
        }
        return sizes;
    }

    private static double exponential(UniformRandomProvider random, double rate) {
        return -Math.log(1 - random.nextDouble()) / rate;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }
}
