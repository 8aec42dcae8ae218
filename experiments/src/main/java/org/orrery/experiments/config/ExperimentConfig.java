package org.orrery.experiments.config;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.orrery.model.inference.RooflineParameters;
import org.orrery.model.inference.ServingLimits;
import org.orrery.model.power.GpuPowerModel;
import org.orrery.model.power.PowerCap;

/**
 * A whole experiment as read from YAML: what cluster, which model on how many instances, which
 * trace, and the power and carbon settings. Units are SI, and a key
 * that carries a unit ends with it ({@code _s} for seconds). {@code experiments/configs/quickstart.yaml} shows every key.
 */
public record ExperimentConfig(
        String name,
        long seed,
        String engine,
        List<NodeGroupConfig> nodes,
        ModelConfig model,
        ServingConfig serving,
        TraceConfig trace,
        PowerConfig power,
        CarbonConfig carbon,
        OutputConfig output) {

    /** Engine identifiers accepted by {@code engine}. */
    public static final List<String> ENGINES = List.of("orrery", "dsol-stock", "dsol-priority-queue");

    /** Router identifiers accepted by {@code serving.router}. */
    public static final List<String> ROUTERS = List.of("least-outstanding-tokens", "round-robin", "vllm-data-parallel");

    /**
     * One group of identical servers.
     *
     * @param server a server name from the hardware catalog
     * @param count how many servers
     */
    public record NodeGroupConfig(String server, int count) {
    }

    /**
     * The served model: a name from the bundled model list, or an inline architecture.
     *
     * @param name the model name
     * @param inline true when the architecture was given in the config
     * @param parameterCount weights, for an inline model
     * @param layers transformer layers, for an inline model
     * @param hiddenSize model width, for an inline model
     * @param attentionHeads query heads, for an inline model
     * @param kvHeads key/value heads, for an inline model
     * @param bytesPerParameter bytes per weight
     * @param kvBytesPerElement bytes per KV-cache element
     * @param maxContextTokens context limit, for an inline model
     */
    public record ModelConfig(String name, boolean inline, double parameterCount, int layers, int hiddenSize,
            int attentionHeads, int kvHeads, double bytesPerParameter, double kvBytesPerElement,
            int maxContextTokens) {
    }

    /**
     * The serving deployment.
     *
     * @param accelerator GPU type of the instances, or null to take the cluster's only type
     * @param instances number of instances
     * @param tensorParallel GPUs per instance
     * @param router routing policy identifier
     * @param limits engine limits
     * @param roofline roofline parameters, used by the roofline model and as the fallback of the
     *     profile model outside its measured grid
     * @param performance which performance model and profile to use
     * @param dataParallel instances per data-parallel group whose ranks step in lockstep, as vLLM
     *     runs a mixture of experts with {@code data_parallel_size} ranks; 1 for instances that
     *     step on their own
     * @param expertParallel whether the experts of a mixture of experts are spread over the
     *     {@code dataParallel x tensorParallel} GPUs of a group (vLLM {@code enable_expert_parallel})
     */
    public record ServingConfig(String accelerator, int instances, int tensorParallel, String router,
            ServingLimits limits, RooflineParameters roofline, PerformanceConfig performance, int dataParallel,
            boolean expertParallel) {

        /** Creates the settings of instances that step on their own, without expert parallelism. */
        public ServingConfig(String accelerator, int instances, int tensorParallel, String router,
                ServingLimits limits, RooflineParameters roofline, PerformanceConfig performance) {
            this(accelerator, instances, tensorParallel, router, limits, roofline, performance, 1, false);
        }

        /** Returns the GPUs that share the experts of a MoE layer: a group's GPUs with expert parallelism, else 1. */
        public int expertParallelDegree() {
            return expertParallel ? dataParallel * tensorParallel : 1;
        }
    }

    /** Performance model identifiers accepted by {@code serving.performance.model}. */
    public static final List<String> PERFORMANCE_MODELS = List.of("roofline", "profile");

    /**
     * The performance model choice.
     *
     * @param model {@code roofline} or {@code profile}
     * @param profile for {@code profile}: {@code bundled:NAME} or a profile folder relative to the
     *     config file; null for the roofline
     * @param profileIterationOverheadSeconds time added to every iteration of the profile model for
     *     work its tables do not measure
     * @param fitFallback whether the roofline fallback of the profile model takes compute and memory
     *     efficiency fitted to the profile instead of the configured ones
     * @param fusedElementwise whether a layer table's norms and rotary embedding are costed as
     *     vLLM's fused kernels instead of taken from the table. Other profiles ignore it.
     */
    public record PerformanceConfig(String model, String profile, double profileIterationOverheadSeconds,
            boolean fitFallback, boolean fusedElementwise) {
    }

    /** Trace formats accepted by {@code trace.format}. */
    public static final List<String> TRACE_FORMATS = List.of("azure-llm", "synthetic");

    /**
     * The arrival trace and the window replayed from it.
     *
     * @param format {@code azure-llm} for a trace file, {@code synthetic} for generated arrivals
     * @param path {@code bundled:NAME} or a file path, relative to the config file; null for a
     *     synthetic trace
     * @param start first arrival time replayed (UTC), or null for the trace's first arrival
     * @param end arrivals at or after this time (UTC) are not replayed, or null for no end
     * @param maxRequests most requests replayed, or 0 for all
     * @param synthetic generator settings of a synthetic trace, or null
     */
    public record TraceConfig(String format, String path, Instant start, Instant end, long maxRequests,
            SyntheticConfig synthetic) {

        /** Creates the settings of an Azure-format trace file. */
        public TraceConfig(String path, Instant start, Instant end, long maxRequests) {
            this("azure-llm", path, start, end, maxRequests, null);
        }

        /** Returns whether arrivals are generated instead of read. */
        public boolean isSynthetic() {
            return "synthetic".equals(format);
        }
    }

    /**
     * Settings of generated arrivals between {@code trace.start} and {@code trace.end}.
     *
     * @param meanRatePerSecond mean arrivals per second over whole days
     * @param diurnalAmplitude relative swing of the rate over the day, in [0, 1)
     * @param peakHourUtc hour of the day with the highest rate
     * @param fittedTo the trace whose token counts the distributions are fitted to
     * @param tokenDistribution {@code lognormal} or {@code empirical}
     */
    public record SyntheticConfig(double meanRatePerSecond, double diurnalAmplitude, double peakHourUtc,
            String fittedTo, String tokenDistribution) {
    }

    /**
     * Power settings.
     *
     * @param pue power usage effectiveness of the facility
     * @param prefillFractionOfTdp GPU power during prefill as a fraction of TDP
     * @param decodeFractionOfTdp GPU power during decode of one sequence as a fraction of TDP
     * @param decodeSaturatedFractionOfTdp GPU power that decode approaches at large batches, as a fraction of TDP
     * @param decodeHalfSaturationBatch batch size beyond one at which decode power has risen halfway
     * @param gpuCapWatts power limit of every serving GPU in watts, or 0 for none
     * @param cap the parameters of the limit's effect; its {@code capWatts} is ignored when {@code
     *     gpuCapWatts} is 0
     */
    public record PowerConfig(double pue, double prefillFractionOfTdp, double decodeFractionOfTdp,
            double decodeSaturatedFractionOfTdp, double decodeHalfSaturationBatch, double gpuCapWatts, PowerCap cap) {

        /** Creates settings without a GPU power limit. */
        public PowerConfig(double pue, double prefillFractionOfTdp, double decodeFractionOfTdp,
                double decodeSaturatedFractionOfTdp, double decodeHalfSaturationBatch) {
            this(pue, prefillFractionOfTdp, decodeFractionOfTdp, decodeSaturatedFractionOfTdp,
                    decodeHalfSaturationBatch, 0.0, PowerCap.withDefaults(1.0));
        }

        /** Returns the GPU power limit, or null when there is none. */
        public PowerCap gpuCap() {
            return gpuCapWatts > 0 ? cap : null;
        }
    }

    /**
     * Grid carbon intensity: a constant or an hourly series.
     *
     * @param constantGramsPerKwh the constant intensity, or NaN when a series is used
     * @param series {@code bundled:NAME} or a file path of a series, or null for a constant
     * @param signal {@code direct} or {@code lca} column of an Electricity Maps file
     */
    public record CarbonConfig(double constantGramsPerKwh, String series, String signal) {
    }

    /**
     * Output settings.
     *
     * @param timeseriesIntervalSeconds width of the rows of {@code timeseries.csv}
     * @param figures whether to draw figures
     * @param requests whether to write {@code requests.csv}, one row per request
     */
    public record OutputConfig(double timeseriesIntervalSeconds, boolean figures, boolean requests) {
        /** Output settings that write {@code requests.csv}. */
        public OutputConfig(double timeseriesIntervalSeconds, boolean figures) {
            this(timeseriesIntervalSeconds, figures, true);
        }
    }

    /** Reads the config from its root mapping, recording every problem and writing defaults into the tree. */
    static ExperimentConfig read(ConfigNode root, String defaultName) {
        String name = root.string("name", defaultName);
        if (name != null && !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            root.problem("name", "invalid value '" + name + "': the name becomes the result folder, so use letters, "
                    + "digits, '.', '_' and '-' only, starting with a letter or digit");
        }
        long seed = root.integer("seed", 1L, Long.MIN_VALUE, Long.MAX_VALUE);
        String engine = root.choice("engine", "orrery", ENGINES);

        ConfigNode cluster = root.child("cluster");
        List<NodeGroupConfig> nodes = new ArrayList<>();
        for (ConfigNode group : cluster.list("nodes")) {
            String server = group.string("server", null);
            int count = (int) group.integer("count", 1L, 1, 1_000_000);
            group.rejectUnknownKeys();
            nodes.add(new NodeGroupConfig(server, count));
        }
        cluster.rejectUnknownKeys();

        ModelConfig model = readModel(root);
        ServingConfig serving = readServing(root.child("serving"));
        TraceConfig trace = readTrace(root.child("trace"));

        ConfigNode powerNode = root.child("power");
        double capWatts = powerNode.number("gpu_cap_w", 0.0, 0.0, 1e6);
        PowerConfig power = new PowerConfig(
                powerNode.number("pue", 1.2, 1.0, 10.0),
                powerNode.number("prefill_fraction_of_tdp", GpuPowerModel.DEFAULT_PREFILL_FRACTION, 1e-6, 1.0),
                powerNode.number("decode_fraction_of_tdp", GpuPowerModel.DEFAULT_DECODE_FRACTION, 1e-6, 1.0),
                powerNode.number("decode_saturated_fraction_of_tdp", GpuPowerModel.DEFAULT_DECODE_SATURATED_FRACTION,
                        1e-6, 1.0),
                powerNode.number("decode_half_saturation_batch", GpuPowerModel.DEFAULT_HALF_SATURATION_BATCH, 1e-6,
                        1e9),
                capWatts,
                new PowerCap(capWatts > 0 ? capWatts : 1.0,
                        powerNode.number("cap_static_fraction_of_tdp", PowerCap.DEFAULT_STATIC_FRACTION_OF_TDP, 0.0,
                                0.99),
                        powerNode.number("cap_clock_exponent", PowerCap.DEFAULT_CLOCK_EXPONENT, 0.1, 10.0),
                        powerNode.number("cap_compute_bound_fraction", PowerCap.DEFAULT_COMPUTE_BOUND_FRACTION, 0.0,
                                1.0),
                        powerNode.number("cap_average_fraction", PowerCap.DEFAULT_AVERAGE_FRACTION_OF_CAP, 0.01,
                                1.0)));
        powerNode.rejectUnknownKeys();

        CarbonConfig carbon = readCarbon(root.child("carbon"));

        ConfigNode outputNode = root.child("output");
        OutputConfig output = new OutputConfig(outputNode.number("timeseries_interval_s", 60.0, 1e-3, 1e9),
                outputNode.bool("figures", true), outputNode.bool("requests", true));
        outputNode.rejectUnknownKeys();

        root.rejectUnknownKeys();
        return new ExperimentConfig(name, seed, engine, nodes, model, serving, trace, power, carbon, output);
    }

    private static ModelConfig readModel(ConfigNode root) {
        if (!root.has("model")) {
            root.problem("model", "missing: name a bundled model (for example Llama-3.1-70B) or give its architecture");
            return null;
        }
        if (root.raw("model").isValueNode()) {
            return new ModelConfig(root.string("model", null), false, 0, 0, 0, 0, 0, 2, 2, 0);
        }
        ConfigNode node = root.child("model");
        ModelConfig model = new ModelConfig(
                node.string("name", null),
                true,
                node.number("parameter_count", null, 1, 1e15),
                (int) node.integer("layers", null, 1, 100_000),
                (int) node.integer("hidden_size", null, 1, 10_000_000),
                (int) node.integer("attention_heads", null, 1, 100_000),
                (int) node.integer("kv_heads", null, 1, 100_000),
                node.number("bytes_per_parameter", 2.0, 0.125, 8),
                node.number("kv_bytes_per_element", 2.0, 0.125, 8),
                (int) node.integer("max_context_tokens", null, 1, Integer.MAX_VALUE));
        node.rejectUnknownKeys();
        return model;
    }

    private static ServingConfig readServing(ConfigNode node) {
        String accelerator = node.optionalString("accelerator");
        int instances = (int) node.integer("instances", null, 1, 1_000_000);
        int tensorParallel = (int) node.integer("tensor_parallel", 1L, 1, 64);
        int dataParallel = (int) node.integer("data_parallel", 1L, 1, 4096);
        if (instances > 0 && instances % dataParallel != 0) {
            node.problem("data_parallel", "invalid value " + dataParallel + ": the " + instances + " instances do not "
                    + "split into groups of " + dataParallel + " ranks; set serving.instances to a multiple of "
                    + "data_parallel");
        }
        boolean expertParallel = node.bool("expert_parallel", false);
        String router = node.choice("router", "least-outstanding-tokens", ROUTERS);
        ServingLimits defaults = ServingLimits.DEFAULTS;
        int maxRunning = (int) node.integer("max_running_sequences", (long) defaults.maxRunningSequences(), 1,
                1_000_000);
        int maxBatched = (int) node.integer("max_batched_tokens", (long) defaults.maxBatchedTokens(), 1,
                100_000_000);
        double utilization = node.number("gpu_memory_utilization", defaults.gpuMemoryUtilization(), 0.01, 1.0);
        int blockTokens = (int) node.integer("kv_block_tokens", (long) defaults.kvBlockTokens(), 1, 1_000_000);
        boolean chunkedPrefill = node.bool("chunked_prefill", false);
        boolean prefixCaching = node.bool("prefix_caching", false);

        ConfigNode performance = node.child("performance");
        String performanceModel = performance.choice("model", "roofline", PERFORMANCE_MODELS);
        String profile = performance.optionalString("profile");
        if ("profile".equals(performanceModel) && profile == null) {
            performance.problem("profile", "missing: the profile model needs a profile, for example "
                    + "bundled:llmservingsim-RTXPRO6000-Llama-3.1-8B-tp1 or a profile folder");
        }
        if ("roofline".equals(performanceModel) && profile != null) {
            performance.problem("profile", "set but serving.performance.model is roofline: remove the key or set "
                    + "model: profile");
        }
        double profileOverhead = performance.number("profile_iteration_overhead_s", 0.0, 0, 10);
        boolean fitFallback = performance.bool("fit_fallback", true);
        boolean fusedElementwise = performance.bool("fused_elementwise", true);
        RooflineParameters roofline = RooflineParameters.DEFAULTS;
        RooflineParameters parameters = new RooflineParameters(
                performance.number("compute_efficiency", roofline.computeEfficiency(), 1e-6, 1.0),
                performance.number("memory_efficiency", roofline.memoryEfficiency(), 1e-6, 1.0),
                performance.number("interconnect_efficiency", roofline.interconnectEfficiency(), 1e-6, 1.0),
                performance.number("all_reduce_step_latency_s", roofline.allReduceStepLatencySeconds(), 0, 1),
                performance.number("iteration_overhead_s", roofline.iterationOverheadSeconds(), 0, 10),
                performance.number("activation_bytes", roofline.activationBytes(), 0.125, 8),
                performance.number("attention_efficiency", roofline.attentionEfficiency(), 1e-6, 1.0),
                performance.number("host_time_per_iteration_s", roofline.hostSecondsPerIteration(), 0, 10),
                performance.number("prefill_time_per_sequence_s", roofline.prefillSecondsPerSequence(), 0, 10));
        performance.rejectUnknownKeys();
        node.rejectUnknownKeys();
        return new ServingConfig(accelerator, instances, tensorParallel, router,
                new ServingLimits(maxRunning, maxBatched, utilization, blockTokens, chunkedPrefill, prefixCaching),
                parameters,
                new PerformanceConfig(performanceModel, profile, profileOverhead, fitFallback,
                        fusedElementwise), dataParallel, expertParallel);
    }

    private static TraceConfig readTrace(ConfigNode node) {
        String format = node.choice("format", "azure-llm", TRACE_FORMATS);
        boolean synthetic = "synthetic".equals(format);
        String path = synthetic ? node.optionalString("path") : node.string("path", null);
        if (synthetic && path != null) {
            node.problem("path", "a synthetic trace reads no file: remove trace.path, or set trace.format to azure-llm");
        }
        Instant start = instant(node, "start");
        Instant end = instant(node, "end");
        if (start != null && end != null && !end.isAfter(start)) {
            node.problem("end", "the window end " + end + " is not after its start " + start + ": move one of them");
        }
        long maxRequests = node.integer("max_requests", 0L, 0, Long.MAX_VALUE);
        SyntheticConfig generator = null;
        if (synthetic) {
            if (start == null) {
                node.problem("start", "missing: a synthetic trace needs a window start, such as 2024-05-12T00:00:00Z");
            }
            if (end == null) {
                node.problem("end", "missing: a synthetic trace needs a window end, such as 2024-05-19T00:00:00Z");
            }
            ConfigNode settings = node.child("synthetic");
            generator = new SyntheticConfig(
                    settings.number("mean_rate_per_s", null, 1e-9, 1e9),
                    settings.number("diurnal_amplitude", 0.0, 0.0, 0.999),
                    settings.number("peak_hour_utc", 12.0, 0.0, 23.999),
                    settings.string("fitted_to", "bundled:azure-2023-conversation"),
                    settings.choice("token_distribution", "lognormal", List.of("lognormal", "empirical")));
            settings.rejectUnknownKeys();
        }
        node.rejectUnknownKeys();
        return new TraceConfig(format, path, start, end, maxRequests, generator);
    }

    private static Instant instant(ConfigNode node, String key) {
        String text = node.optionalString(key);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            node.problem(key, "invalid time '" + text + "': expected ISO-8601 UTC such as 2023-11-16T18:30:00Z");
            return null;
        }
    }

    private static CarbonConfig readCarbon(ConfigNode node) {
        String signal = node.choice("signal", "direct", List.of("direct", "lca"));
        if (!node.has("intensity")) {
            node.problem("intensity", "missing: give a constant in g/kWh (for example 400) or a series such as "
                    + "bundled:electricitymaps-US-CAL-CISO-2023");
            node.rejectUnknownKeys();
            return new CarbonConfig(0, null, signal);
        }
        CarbonConfig carbon;
        if (node.raw("intensity").isNumber()) {
            carbon = new CarbonConfig(node.number("intensity", null, 0, 1e5), null, signal);
        } else {
            carbon = new CarbonConfig(Double.NaN, node.string("intensity", null), signal);
        }
        node.rejectUnknownKeys();
        return carbon;
    }
}
