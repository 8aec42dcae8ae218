package org.orrery.experiments.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.orrery.core.EngineKind;
import org.orrery.core.RandomStreams;
import org.orrery.core.Simulation;
import org.orrery.experiments.config.ConfigException;
import org.orrery.experiments.config.Experiment;
import org.orrery.experiments.config.ExperimentConfig;
import org.orrery.hardware.AcceleratorSpec;
import org.orrery.model.carbon.CarbonIntensity;
import org.orrery.model.carbon.CarbonSeriesRangeException;
import org.orrery.model.carbon.ConstantCarbonIntensity;
import org.orrery.model.carbon.StepCarbonIntensity;
import org.orrery.model.cluster.Cluster;
import org.orrery.model.cluster.Node;
import org.orrery.model.inference.DataParallelGroup;
import org.orrery.model.inference.ExpertParallelism;
import org.orrery.model.inference.IterationProfile;
import org.orrery.model.inference.LayerTablePerformanceModel;
import org.orrery.model.inference.LayerTableProfile;
import org.orrery.model.inference.LlmRequest;
import org.orrery.model.inference.PerformanceModel;
import org.orrery.model.inference.PowerCappedPerformanceModel;
import org.orrery.model.inference.ProfilePerformanceModel;
import org.orrery.model.inference.RequestListener;
import org.orrery.model.inference.RooflineFit;
import org.orrery.model.inference.RooflineParameters;
import org.orrery.model.inference.RooflinePerformanceModel;
import org.orrery.model.inference.ServingInstance;
import org.orrery.model.inference.ServingMetrics;
import org.orrery.model.power.GpuPowerModel;
import org.orrery.model.power.InstancePower;
import org.orrery.model.power.PowerAccount;
import org.orrery.model.power.PowerCap;
import org.orrery.model.scheduling.Router;
import org.orrery.schedulers.LeastOutstandingTokensRouter;
import org.orrery.schedulers.RoundRobinRouter;
import org.orrery.schedulers.VllmDataParallelRouter;
import org.orrery.traces.AzureLlmTraceReader;
import org.orrery.traces.BundledTraces;
import org.orrery.traces.CarbonIntensityColumn;
import org.orrery.traces.CarbonIntensityReader;
import org.orrery.traces.CarbonIntensityRecord;
import org.orrery.traces.LlmTraceRecord;
import org.orrery.traces.LlmTraceStream;
import org.orrery.traces.TraceSource;

/**
 * Assembles an LLM-serving scenario from an {@link Experiment} and runs it to completion: the
 * cluster and its instances, the router, the trace replay and the power and carbon accounts. The
 * run ends when the last request has finished. An audit then recomputes the totals from primary
 * records and fails the run on a mismatch.
 */
public final class ScenarioRunner {
    /** Records of the bundled carbon series read so far, by source name and column. */
    private static final Map<String, List<CarbonIntensityRecord>> BUNDLED_CARBON = new ConcurrentHashMap<>();

    private static final double SECONDS_PER_HOUR = 3600.0;

    private ScenarioRunner() {
    }

    /** Runs the experiment on the engine its config names, keeping every request in {@link RunResult#requests()}. */
    public static RunResult run(Experiment experiment) {
        return run(experiment, EngineKind.fromId(experiment.config().engine()));
    }

    /** Runs the experiment on {@code engine}, keeping every request in {@link RunResult#requests()}. */
    public static RunResult run(Experiment experiment, EngineKind engine) {
        List<LlmRequest> kept = new ArrayList<>();
        return run(experiment, engine, kept::add, kept);
    }

    /**
     * Runs the experiment on {@code engine} and hands each request to {@code sink} when it
     * completes or is rejected, keeping none of them, so memory stays bounded by the requests in
     * flight.
     */
    public static RunResult runStreaming(Experiment experiment, EngineKind engine, RequestListener sink) {
        return runStreaming(experiment, engine, sink, RunProgress.NONE);
    }

    /** Runs like {@link #runStreaming(Experiment, EngineKind, RequestListener)}, reporting progress as arrivals go on. */
    public static RunResult runStreaming(Experiment experiment, EngineKind engine, RequestListener sink,
            RunProgress progress) {
        return run(experiment, engine, sink, List.of(), progress);
    }

    private static RunResult run(Experiment experiment, EngineKind engine, RequestListener sink,
            List<LlmRequest> kept) {
        return run(experiment, engine, sink, kept, RunProgress.NONE);
    }

    private static RunResult run(Experiment experiment, EngineKind engine, RequestListener sink,
            List<LlmRequest> kept, RunProgress progress) {
        ExperimentConfig config = experiment.config();
        Instant origin = origin(experiment);
        CarbonIntensity intensity = carbonIntensity(experiment, origin);

        Cluster cluster = new Cluster(experiment.nodeGroups());
        double interval = config.output().timeseriesIntervalSeconds();
        PowerAccount power = new PowerAccount(config.power().pue(), intensity, interval, cluster.idleGpuWatts(),
                cluster.idleHostWatts());
        ServingMetrics metrics = new ServingMetrics(interval);
        RequestStatistics statistics = new RequestStatistics();
        RequestListener finished = request -> {
            statistics.add(request);
            sink.requestFinished(request);
        };

        resetPeakHeap();
        try (Simulation simulation = new Simulation(engine)) {
            List<ServingInstance> instances = createInstances(experiment, simulation, cluster, power, metrics,
                    finished);
            LlmTraceStream reader = openTrace(experiment);
            ArrivalFeed feed = new ArrivalFeed(simulation, reader, origin, config.trace().end(),
                    config.trace().maxRequests(), router(config.serving().router()), instances, progress);
            long wallStart = System.nanoTime();
            try {
                feed.start();
                simulation.run();
            } catch (CarbonSeriesRangeException e) {
                throw uncoveredCarbon(experiment, origin, e);
            } finally {
                feed.close();
            }
            double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
            double end = simulation.now();
            try {
                power.finish(end);
            } catch (CarbonSeriesRangeException e) {
                throw uncoveredCarbon(experiment, origin, e);
            }
            metrics.finish(end);

            RunResult result = new RunResult(experiment, engine, origin, statistics, kept, feed.skippedBeforeStart(),
                    feed.skippedWithoutTokens(), end,
                    wallSeconds, simulation.executedEvents(), peakHeapBytes(), cluster, power, intensity, metrics);
            RunAudit.check(result, feed.arrived(), instances);
            return result;
        }
    }

    private static List<ServingInstance> createInstances(Experiment experiment, Simulation simulation,
            Cluster cluster, PowerAccount power, ServingMetrics metrics, RequestListener finished) {
        ExperimentConfig config = experiment.config();
        AcceleratorSpec gpu = experiment.accelerator();
        int tensorParallel = config.serving().tensorParallel();
        GpuPowerModel gpuPower = new GpuPowerModel(gpu.idlePowerWatts(), gpu.tdpWatts(),
                config.power().prefillFractionOfTdp(), config.power().decodeFractionOfTdp(),
                config.power().decodeSaturatedFractionOfTdp(), config.power().decodeHalfSaturationBatch());
        double kvBytes = ServingInstance.kvCapacityBytes(experiment.model(), gpu.memoryBytes(), tensorParallel,
                config.serving().limits());

        ProfileChoice choice = ProfileChoice.load(experiment);
        IterationProfile profile = choice == null ? null : choice.iteration();
        LayerTableProfile layerTable = choice == null ? null : choice.layerTable();

        List<ServingInstance> instances = new ArrayList<>();
        for (int i = 0; i < config.serving().instances(); i++) {
            Node node = cluster.allocate(gpu, tensorParallel);
            double hostRange = node.server().hostMaxPowerWatts() - node.server().hostIdlePowerWatts();
            double hostWattsWhenBusy = hostRange * tensorParallel / node.server().acceleratorCount();
            PowerCap cap = config.power().gpuCap();
            InstancePower instancePower = new InstancePower(power, gpuPower, cap, tensorParallel, hostWattsWhenBusy);
            PerformanceModel performance = layerTable == null ? performanceModel(experiment, gpu, profile)
                    : layerTableModel(experiment, gpu, layerTable);
            if (cap != null) {
                performance = new PowerCappedPerformanceModel(performance, gpuPower, cap);
            }
            instances.add(new ServingInstance(i, simulation, experiment.model(), performance, config.serving().limits(),
                    kvBytes, instancePower, metrics, finished));
        }
        int dataParallel = config.serving().dataParallel();
        if (dataParallel > 1) {
            for (int first = 0; first < instances.size(); first += dataParallel) {
                new DataParallelGroup(simulation, instances.subList(first, first + dataParallel));
            }
        }
        return instances;
    }

    /**
     * Returns the configured performance model of one instance: the roofline, or the profile with a
     * roofline fallback whose efficiencies are fitted to the profile unless {@code fit_fallback} is false.
     */
    private static PerformanceModel performanceModel(Experiment experiment, AcceleratorSpec gpu,
            IterationProfile profile) {
        ExperimentConfig.ServingConfig serving = experiment.config().serving();
        RooflineParameters parameters = serving.roofline();
        if (profile == null) {
            return new RooflinePerformanceModel(experiment.model(), gpu, serving.tensorParallel(), parameters);
        }
        if (serving.performance().fitFallback()) {
            parameters = RooflineFit.fit(profile, experiment.model(), gpu, parameters);
        }
        RooflinePerformanceModel fallback = new RooflinePerformanceModel(experiment.model(), gpu,
                serving.tensorParallel(), parameters);
        return new ProfilePerformanceModel(profile, fallback, serving.performance().profileIterationOverheadSeconds(),
                expertParallelism(experiment, gpu, parameters));
    }

    /**
     * Returns how the experts of a group's GPUs are shared. The exchange moves one hidden state of
     * {@code activation_bytes} per element and token, over the GPU's link at the roofline's
     * interconnect efficiency, with the roofline's all-reduce step latency per ring step.
     */
    private static ExpertParallelism expertParallelism(Experiment experiment, AcceleratorSpec gpu,
            RooflineParameters parameters) {
        int degree = experiment.config().serving().expertParallelDegree();
        if (degree == 1) {
            return ExpertParallelism.NONE;
        }
        return new ExpertParallelism(degree, experiment.model().hiddenSize() * parameters.activationBytes(),
                gpu.intraNodeBandwidthBytesPerSecond() * parameters.interconnectEfficiency(),
                parameters.allReduceStepLatencySeconds());
    }

    /**
     * Returns the layer-table model of one instance, whose roofline takes compute and memory
     * efficiency fitted to the table unless {@code fit_fallback} is false, and whose norms and rotary
     * embedding are vLLM's fused kernels unless {@code fused_elementwise} is false.
     */
    private static PerformanceModel layerTableModel(Experiment experiment, AcceleratorSpec gpu,
            LayerTableProfile table) {
        ExperimentConfig.ServingConfig serving = experiment.config().serving();
        boolean fused = serving.performance().fusedElementwise();
        RooflineParameters parameters = serving.roofline();
        if (serving.performance().fitFallback()) {
            parameters = LayerTablePerformanceModel.fitRoofline(table, experiment.model(), gpu, parameters, fused);
        }
        return new LayerTablePerformanceModel(table, experiment.model(), gpu, parameters,
                serving.performance().profileIterationOverheadSeconds(), fused);
    }

    private static Router router(String id) {
        return switch (id) {
            case "round-robin" -> new RoundRobinRouter();
            case "least-outstanding-tokens" -> new LeastOutstandingTokensRouter();
            case "vllm-data-parallel" -> new VllmDataParallelRouter();
            default -> throw new IllegalArgumentException("unknown router '" + id + "'");
        };
    }

    /** Returns the configured window start, or the first arrival of the trace. */
    private static Instant origin(Experiment experiment) {
        Instant start = experiment.config().trace().start();
        if (start != null) {
            return start;
        }
        try (LlmTraceStream reader = openTrace(experiment)) {
            if (!reader.hasNext()) {
                throw new ConfigException(String.valueOf(experiment.configFile()), List.of("trace.path: trace "
                        + reader.sourceName() + " has no rows to replay: give a trace with at least one request"));
            }
            LlmTraceRecord first = reader.next();
            return first.arrival();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trace " + experiment.trace().name(), e);
        }
    }

    private static LlmTraceStream openTrace(Experiment experiment) {
        ExperimentConfig.TraceConfig trace = experiment.config().trace();
        try {
            if (trace.isSynthetic()) {
                return SyntheticTraces.open(trace, experiment.trace(),
                        new RandomStreams(experiment.config().seed()).stream("trace"));
            }
            return AzureLlmTraceReader.open(experiment.trace());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open trace " + experiment.trace().name(), e);
        }
    }

    /** Builds the intensity over simulation time: a constant, or the series shifted so that 0 is {@code origin}. */
    private static CarbonIntensity carbonIntensity(Experiment experiment, Instant origin) {
        ExperimentConfig.CarbonConfig carbon = experiment.config().carbon();
        if (experiment.carbonSeries() == null) {
            return new ConstantCarbonIntensity(carbon.constantGramsPerKwh());
        }
        List<CarbonIntensityRecord> records = readCarbonSeries(experiment.carbonSeries(), carbonColumn(carbon));
        if (records.isEmpty()) {
            throw new IllegalArgumentException("carbon series " + experiment.carbonSeries().name() + " has no rows");
        }
        double[] starts = new double[records.size()];
        double[] values = new double[records.size()];
        for (int i = 0; i < records.size(); i++) {
            starts[i] = Duration.between(origin, records.get(i).hourStart()).toNanos() / 1e9;
            values[i] = records.get(i).gramsPerKwh();
        }
        double lastStep = records.size() > 1 ? starts[starts.length - 1] - starts[starts.length - 2] : SECONDS_PER_HOUR;
        return new StepCarbonIntensity(starts, values, lastStep, "carbon series " + experiment.carbonSeries().name()
                + " (times relative to " + origin + ")");
    }

    /**
     * Reads a carbon series. A bundled series cannot change while the program runs, so its records
     * are read once and shared by every later run of a sweep. A file is read again for every run.
     */
    private static List<CarbonIntensityRecord> readCarbonSeries(TraceSource source, CarbonIntensityColumn column) {
        if (!source.name().startsWith(BundledTraces.REFERENCE_PREFIX)) {
            return readCarbonRecords(source, column);
        }
        return BUNDLED_CARBON.computeIfAbsent(source.name() + "#" + column,
                key -> List.copyOf(readCarbonRecords(source, column)));
    }

    private static List<CarbonIntensityRecord> readCarbonRecords(TraceSource source, CarbonIntensityColumn column) {
        try {
            return CarbonIntensityReader.readAll(source, column);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read carbon series " + source.name(), e);
        }
    }

    private static CarbonIntensityColumn carbonColumn(ExperimentConfig.CarbonConfig carbon) {
        return "lca".equals(carbon.signal()) ? CarbonIntensityColumn.LCA : CarbonIntensityColumn.DIRECT;
    }

    /**
     * Returns the end of a carbon series: the start of its last step plus the length of the step
     * before it, or one hour for a series of one step.
     */
    static Instant carbonSeriesEnd(List<CarbonIntensityRecord> records) {
        Instant lastStep = records.get(records.size() - 1).hourStart();
        Duration stepLength = records.size() > 1
                ? Duration.between(records.get(records.size() - 2).hourStart(), lastStep) : Duration.ofHours(1);
        return lastStep.plus(stepLength);
    }

    /**
     * Turns a carbon lookup outside the series into a user error that gives the times in UTC. The
     * covered range comes from the series' own timestamps, because the simulation times in the
     * exception are offsets from {@code origin} in double seconds, which lose nanoseconds a year away.
     */
    private static ConfigException uncoveredCarbon(Experiment experiment, Instant origin, CarbonSeriesRangeException e) {
        List<CarbonIntensityRecord> records = readCarbonSeries(experiment.carbonSeries(),
                carbonColumn(experiment.config().carbon()));
        return new ConfigException(String.valueOf(experiment.configFile()), List.of("carbon.intensity: the series "
                + experiment.carbonSeries().name() + " covers " + records.get(0).hourStart() + " to "
                + carbonSeriesEnd(records) + ", but the run needs the intensity at "
                + utc(origin, e.requestedSeconds()) + ": choose a series that covers the whole run, including the "
                + "time to finish the last requests, or a constant intensity in g/kWh"));
    }

    private static Instant utc(Instant origin, double offsetSeconds) {
        return origin.plusNanos(Math.round(offsetSeconds * 1e9));
    }

    private static void resetPeakHeap() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeapBytes() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes;
    }
}
