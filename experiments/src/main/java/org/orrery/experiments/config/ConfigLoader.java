package org.orrery.experiments.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

import org.orrery.hardware.AcceleratorSpec;
import org.orrery.hardware.HardwareCatalog;
import org.orrery.hardware.ServerSpec;
import org.orrery.model.cluster.NodeGroup;
import org.orrery.model.inference.ModelSpec;
import org.orrery.model.inference.ServingInstance;
import org.orrery.model.power.PowerCap;
import org.orrery.traces.BundledTraces;
import org.orrery.traces.TraceSource;

/**
 * Reads an experiment config: parses the YAML, applies {@code --seed} and {@code --set key=value}
 * overrides, reads every key with its default, and resolves names against the hardware catalog,
 * the model list and the bundled traces. Every problem is collected and reported together in one
 * {@link ConfigException}.
 */
public final class ConfigLoader {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build();
    /**
     * Parsed YAML texts, configs and {@code --set} values alike. A sweep parses the same base config
     * and the same few override values for every run. Parsing each text once keeps the YAML scanner
     * out of the code that the JIT compiler must compile while the runs go.
     */
    private static final Cache<String, JsonNode> PARSED = CacheBuilder.newBuilder().maximumSize(1024).build();

    private final HardwareCatalog hardware;
    private final ModelCatalog models;

    /** Creates a loader over the given catalogs. */
    public ConfigLoader(HardwareCatalog hardware, ModelCatalog models) {
        this.hardware = hardware;
        this.models = models;
    }

    /** Creates a loader over the bundled catalogs. */
    public static ConfigLoader bundled() {
        return new ConfigLoader(HardwareCatalog.bundled(), ModelCatalog.bundled());
    }

    /**
     * Loads and validates {@code file}.
     *
     * @param seed a seed that replaces the config's, or null
     * @param overrides {@code key.path=value} assignments applied before validation
     * @throws ConfigException listing every problem
     */
    public Experiment load(Path file, Long seed, List<String> overrides) {
        String source = file.toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(source, List.of("file not found: check the path"));
        } catch (IOException e) {
            throw new ConfigException(source, List.of("cannot read the file: " + e.getMessage()));
        }
        return parse(source, text, file.toAbsolutePath().getParent(), seed, overrides, file);
    }

    /** Loads a config from text; relative paths in it resolve against {@code baseDirectory}. */
    public Experiment parse(String source, String text, Path baseDirectory, Long seed, List<String> overrides,
            Path configFile) {
        JsonNode tree;
        try {
            tree = readYaml(text);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String location = where == null ? "" : "line " + where.getLineNr() + ", column " + where.getColumnNr() + ": ";
            throw new ConfigException(source, List.of(location + "invalid YAML: " + e.getOriginalMessage()));
        }
        if (tree == null || !tree.isObject()) {
            throw new ConfigException(source, List.of("the file must contain a mapping of keys to values"));
        }
        ObjectNode root = (ObjectNode) tree;

        List<String> problems = new ArrayList<>();
        for (String override : overrides) {
            applyOverride(root, override, problems);
        }
        if (seed != null) {
            root.put("seed", seed);
        }
        ExperimentConfig config = ExperimentConfig.read(new ConfigNode(root, "", problems), defaultName(configFile));
        Experiment experiment = resolve(config, root, baseDirectory, configFile, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(source, dedupe(problems));
        }
        return experiment;
    }

    private Experiment resolve(ExperimentConfig config, ObjectNode root, Path baseDirectory, Path configFile,
            List<String> problems) {
        List<NodeGroup> groups = new ArrayList<>();
        for (int i = 0; i < config.nodes().size(); i++) {
            ExperimentConfig.NodeGroupConfig group = config.nodes().get(i);
            if (group.server() == null) {
                continue;
            }
            ServerSpec server = findServer(group.server(), "cluster.nodes[" + i + "].server", problems);
            if (server != null) {
                groups.add(new NodeGroup(server, group.count()));
            }
        }
        AcceleratorSpec accelerator = resolveAccelerator(config, groups, problems);
        ModelSpec model = resolveModel(config.model(), problems);
        checkDeployment(config, groups, accelerator, model, problems);

        TraceSource trace = config.trace().isSynthetic()
                ? resolveSource(config.trace().synthetic().fittedTo(), "trace.synthetic.fitted_to",
                        BundledTraces.Kind.LLM_INFERENCE, baseDirectory, problems)
                : resolveSource(config.trace().path(), "trace.path", BundledTraces.Kind.LLM_INFERENCE, baseDirectory,
                        problems);
        TraceSource carbonSeries = null;
        if (config.carbon().series() != null) {
            carbonSeries = resolveSource(config.carbon().series(), "carbon.intensity",
                    BundledTraces.Kind.CARBON_INTENSITY, baseDirectory, problems);
        }
        String resolvedYaml;
        try {
            resolvedYaml = YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the resolved config", e);
        }
        return new Experiment(config, configFile, resolvedYaml, groups, accelerator, model, trace, carbonSeries);
    }

    private ServerSpec findServer(String name, String path, List<String> problems) {
        for (ServerSpec server : hardware.servers()) {
            if (server.name().equals(name)) {
                return server;
            }
        }
        List<String> known = hardware.servers().stream().map(ServerSpec::name).toList();
        String suggestion = ClosestKey.findName(name, known).map(match -> "did you mean '" + match
                + "'? Expected one of ").orElse("expected one of ");
        problems.add(path + ": unknown server '" + name + "': " + suggestion + String.join(", ", known)
                + " (see orrery catalog list)");
        return null;
    }

    private AcceleratorSpec resolveAccelerator(ExperimentConfig config, List<NodeGroup> groups, List<String> problems) {
        Set<String> types = new LinkedHashSet<>();
        for (NodeGroup group : groups) {
            types.add(group.server().accelerator().name());
        }
        String wanted = config.serving().accelerator();
        if (wanted == null) {
            if (types.size() > 1) {
                problems.add("serving.accelerator: missing: the cluster has several GPU types (" + String.join(", ", types)
                        + "); name the one the instances use");
                return null;
            }
            return groups.isEmpty() ? null : groups.get(0).server().accelerator();
        }
        for (NodeGroup group : groups) {
            if (group.server().accelerator().name().equals(wanted)) {
                return group.server().accelerator();
            }
        }
        if (!groups.isEmpty()) {
            problems.add("serving.accelerator: no server of the cluster has '" + wanted + "' GPUs: expected one of "
                    + String.join(", ", types));
        }
        return null;
    }

    private ModelSpec resolveModel(ExperimentConfig.ModelConfig model, List<String> problems) {
        if (model == null || model.name() == null) {
            return null;
        }
        if (!model.inline()) {
            ModelSpec spec = models.find(model.name());
            if (spec == null) {
                String suggestion = ClosestKey.findName(model.name(), models.names())
                        .map(match -> "did you mean '" + match + "'? Expected one of ")
                        .orElse("expected one of ");
                problems.add("model: unknown model '" + model.name() + "': " + suggestion
                        + String.join(", ", models.names()) + ", or give the architecture as a mapping");
            }
            return spec;
        }
        try {
            return new ModelSpec(model.name(), model.parameterCount(), model.layers(), model.hiddenSize(),
                    model.attentionHeads(), model.kvHeads(), model.bytesPerParameter(), model.kvBytesPerElement(),
                    model.maxContextTokens());
        } catch (IllegalArgumentException e) {
            problems.add("model: " + configKeys(e.getMessage()) + ": check the architecture values");
            return null;
        }
    }

    private static void checkDeployment(ExperimentConfig config, List<NodeGroup> groups, AcceleratorSpec accelerator,
            ModelSpec model, List<String> problems) {
        PowerCap cap = config.power().gpuCap();
        if (cap != null && accelerator != null && cap.capWatts() < cap.minimumCapWatts(accelerator.tdpWatts())) {
            problems.add(String.format(Locale.ROOT, "power.gpu_cap_w: value %.1f W is below the lowest limit the power "
                    + "cap model supports on %s, %.1f W (cap_static_fraction_of_tdp x TDP %.0f W / "
                    + "cap_average_fraction): raise the limit, or set 0 for no limit",
                    cap.capWatts(), accelerator.name(), cap.minimumCapWatts(accelerator.tdpWatts()),
                    accelerator.tdpWatts()));
        }
        if (cap != null && accelerator != null && cap.capWatts() > accelerator.tdpWatts()) {
            problems.add(String.format(Locale.ROOT, "power.gpu_cap_w: value %.1f W is above the TDP of %s, %.0f W, "
                    + "so the limit would change nothing: use at most %.0f W, or 0 for no limit", cap.capWatts(),
                    accelerator.name(), accelerator.tdpWatts(), accelerator.tdpWatts()));
        }
        ExperimentConfig.ServingConfig serving = config.serving();
        int tensorParallel = serving.tensorParallel();
        if (accelerator != null) {
            int largest = 0;
            int gpus = 0;
            for (NodeGroup group : groups) {
                if (group.server().accelerator().name().equals(accelerator.name())) {
                    largest = Math.max(largest, group.server().acceleratorCount());
                    gpus += group.count() * (group.server().acceleratorCount() / tensorParallel) * tensorParallel;
                }
            }
            if (tensorParallel > largest) {
                problems.add("serving.tensor_parallel: " + tensorParallel + " GPUs per instance exceed the "
                        + largest + " GPUs of one server: tensor parallelism stays within a server");
            } else if ((long) serving.instances() * tensorParallel > gpus) {
                problems.add("serving.instances: " + serving.instances() + " instances x " + tensorParallel
                        + " GPUs need " + (long) serving.instances() * tensorParallel + " GPUs, but the cluster can place "
                        + gpus + ": add nodes or lower the instance count");
            }
            if (model != null) {
                double kvBytes = ServingInstance.kvCapacityBytes(model, accelerator.memoryBytes(), tensorParallel,
                        serving.limits());
                if (kvBytes < model.kvBytesPerToken() * serving.limits().kvBlockTokens()) {
                    problems.add("serving.tensor_parallel: " + model.name() + " weights (" + gib(model.weightBytes())
                            + " GiB) leave no room for the KV cache in " + tensorParallel + " x " + accelerator.name()
                            + " at gpu_memory_utilization " + serving.limits().gpuMemoryUtilization()
                            + ": raise tensor_parallel or choose GPUs with more memory");
                }
            }
        }
        if (model != null) {
            checkDataParallel(serving, model, problems);
        }
        if (model != null && model.attentionHeads() % tensorParallel != 0) {
            problems.add("serving.tensor_parallel: " + tensorParallel + " does not divide the " + model.attentionHeads()
                    + " attention heads of " + model.name() + ": choose a divisor");
        }
    }

    /**
     * Checks the data-parallel and expert-parallel keys against the model. vLLM steps data-parallel
     * ranks in lockstep only for a mixture of experts. The profile model covers its MoE layers only
     * with the experts spread over the ranks or all on one GPU.
     */
    private static void checkDataParallel(ExperimentConfig.ServingConfig serving, ModelSpec model,
            List<String> problems) {
        int dataParallel = serving.dataParallel();
        if (dataParallel > 1 && !model.isMixtureOfExperts()) {
            problems.add("serving.data_parallel: " + model.name() + " is dense, and vLLM steps the data-parallel ranks "
                    + "of a dense model independently: set data_parallel: 1 and count the ranks in serving.instances");
        }
        if (serving.expertParallel() && !model.isMixtureOfExperts()) {
            problems.add("serving.expert_parallel: " + model.name() + " is dense and has no experts to spread: set "
                    + "expert_parallel: false");
        }
        if (!model.isMixtureOfExperts()) {
            return;
        }
        if (dataParallel > 1 && !serving.expertParallel()) {
            problems.add("serving.expert_parallel: false with data_parallel " + dataParallel + " is not modelled: "
                    + "vLLM then splits every expert over the ranks, which no bundled profile measures; set "
                    + "expert_parallel: true");
        }
        int degree = serving.expertParallelDegree();
        if (model.experts().experts() % degree != 0) {
            problems.add("serving.expert_parallel: the " + model.experts().experts() + " experts of " + model.name()
                    + " do not split evenly over data_parallel x tensor_parallel = " + degree + " GPUs: choose a "
                    + "degree that divides " + model.experts().experts());
        }
        if (serving.expertParallel() && !"profile".equals(serving.performance().model())) {
            problems.add("serving.expert_parallel: the roofline performance model does not model expert "
                    + "parallelism: set serving.performance.model: profile with a mixture-of-experts profile, for "
                    + "example bundled:llmservingsim-RTXPRO6000-Qwen3-30B-A3B-tp1");
        }
    }

    private static TraceSource resolveSource(String reference, String path, BundledTraces.Kind kind,
            Path baseDirectory, List<String> problems) {
        if (reference == null) {
            return null;
        }
        try {
            if (reference.startsWith(BundledTraces.REFERENCE_PREFIX)) {
                String name = reference.substring(BundledTraces.REFERENCE_PREFIX.length());
                if (BundledTraces.names(kind).contains(name)) {
                    return BundledTraces.resolve(reference);
                }
                problems.add(path + ": unknown bundled data set '" + name + "': expected one of "
                        + String.join(", ", BundledTraces.names(kind).stream().map(n -> "bundled:" + n).toList()));
                return null;
            }
            Path file = baseDirectory == null ? Path.of(reference) : baseDirectory.resolve(reference);
            if (!Files.isRegularFile(file)) {
                problems.add(path + ": file '" + reference + "' not found (looked at " + file
                        + "): give a path relative to the config file, or a bundled:NAME reference");
                return null;
            }
            return TraceSource.ofPath(file);
        } catch (IllegalArgumentException e) {
            problems.add(path + ": " + e.getMessage());
            return null;
        }
    }

    /** Returns a private copy of the tree of {@code text}, parsing each distinct text once per JVM. */
    private static JsonNode readYaml(String text) throws JsonProcessingException {
        JsonNode parsed = PARSED.getIfPresent(text);
        if (parsed == null) {
            parsed = YAML.readTree(text);
            if (parsed == null) {
                return null;
            }
            PARSED.put(text, parsed);
        }
        return parsed.deepCopy();
    }

    /** Sets {@code a.b[0].c=value} in the tree; the value is read as a YAML scalar or flow collection. */
    private static void applyOverride(ObjectNode root, String override, List<String> problems) {
        int equals = override.indexOf('=');
        if (equals <= 0) {
            problems.add("--set " + override + ": expected key.path=value, for example serving.instances=8");
            return;
        }
        String path = override.substring(0, equals).trim();
        String valueText = override.substring(equals + 1);
        JsonNode value;
        try {
            value = valueText.isEmpty() ? YAML.getNodeFactory().nullNode() : readYaml(valueText);
        } catch (JsonProcessingException e) {
            problems.add("--set " + override + ": the value is not valid YAML: " + e.getOriginalMessage());
            return;
        }
        String[] segments = path.split("\\.");
        JsonNode current = root;
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            int bracket = segment.indexOf('[');
            String key = bracket < 0 ? segment : segment.substring(0, bracket);
            boolean last = i == segments.length - 1;
            if (!(current instanceof ObjectNode object) || key.isEmpty()) {
                problems.add("--set " + override + ": '" + segment + "' does not name a key of a mapping");
                return;
            }
            if (bracket < 0) {
                if (last) {
                    object.set(key, value);
                    return;
                }
                JsonNode next = object.get(key);
                current = next == null || next.isNull() ? object.putObject(key) : next;
                continue;
            }
            JsonNode list = object.get(key);
            int index = parseIndex(segment.substring(bracket));
            if (!(list instanceof ArrayNode array) || index < 0 || index >= array.size()) {
                problems.add("--set " + override + ": " + key + segment.substring(bracket)
                        + " does not name an existing list entry");
                return;
            }
            if (last) {
                array.set(index, value);
                return;
            }
            current = array.get(index);
        }
    }

    private static int parseIndex(String brackets) {
        if (!brackets.startsWith("[") || !brackets.endsWith("]")) {
            return -1;
        }
        try {
            return Integer.parseInt(brackets.substring(1, brackets.length() - 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String defaultName(Path configFile) {
        if (configFile == null) {
            return "experiment";
        }
        String file = configFile.getFileName().toString();
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }

    /** Replaces the record field names in a {@code ModelSpec} message with the config keys that set them. */
    private static String configKeys(String message) {
        return message.replace("parameterCount", "parameter_count")
                .replace("hiddenSize", "hidden_size")
                .replace("attentionHeads", "attention_heads")
                .replace("kvHeads", "kv_heads")
                .replace("headDim", "head_dim")
                .replace("bytesPerParameter", "bytes_per_parameter")
                .replace("kvBytesPerElement", "kv_bytes_per_element")
                .replace("maxContextTokens", "max_context_tokens");
    }

    private static String gib(double bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", bytes / (1L << 30));
    }

    private static List<String> dedupe(List<String> problems) {
        return new ArrayList<>(new LinkedHashSet<>(problems));
    }
}
