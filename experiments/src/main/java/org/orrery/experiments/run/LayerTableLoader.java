package org.orrery.experiments.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.orrery.experiments.config.ConfigException;
import org.orrery.model.inference.LayerTableProfile;
import org.orrery.model.inference.MeasuredCurve;
import org.orrery.model.inference.ModelSpec;
import org.orrery.model.inference.ProfileProvenance;
import org.orrery.traces.profiles.LayerTable;
import org.orrery.traces.profiles.LayerTableReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a layer table read from disk (LLMServingSim's v0 {@code layers.csv}) into the {@link
 * LayerTableProfile} of the models module.
 *
 * <p>Per transformer layer the non-attention time adds {@code input_layernorm}, {@code q_proj},
 * {@code k_proj}, {@code v_proj}, {@code rope}, {@code o_proj}, {@code post_layernorm}, {@code
 * gate_proj}, {@code up_proj}, {@code act_fn} and {@code down_proj}, each interpolated at the
 * token counts of {@code input_layernorm}. {@code embedding} and {@code final_layernorm} run once
 * per iteration, {@code lm_head} once per sequence. The norm and rotary rows are also summed
 * apart, so that the performance model can replace them with fused kernels. {@code attn} rows with
 * an empty cache are prompt attention. Rows of the other sub-layers with a cache are averaged with
 * the rest, because those sub-layers do not read the cache; {@code attn} rows with a cache are not
 * used and are counted in a warning.
 */
public final class LayerTableLoader {
    private static final Logger LOG = LoggerFactory.getLogger(LayerTableLoader.class);
    private static final List<String> PER_LAYER = List.of("input_layernorm", "q_proj", "k_proj", "v_proj", "rope",
            "o_proj", "post_layernorm", "gate_proj", "up_proj", "act_fn", "down_proj");
    private static final List<String> LINEAR = List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj",
            "down_proj");
    private static final List<String> NORM_AND_ROTARY = List.of("input_layernorm", "rope", "post_layernorm");
    private static final List<String> PER_MODEL = List.of("embedding", "final_layernorm");
    private static final String FINAL_NORM = "final_layernorm";
    private static final String OUTPUT_HEAD = "lm_head";
    private static final String ATTENTION = "attn";
    private static final String KEY = "serving.performance.profile";

    private LayerTableLoader() {
    }

    /**
     * Reads the table named by {@code reference} for {@code model} served on {@code tensorParallel} GPUs.
     *
     * @param baseDirectory folder that relative paths are resolved against, or null
     * @throws ConfigException if the table lacks a sub-layer, or was measured for another model or
     *     tensor-parallel degree
     * @throws UncheckedIOException if the file cannot be read
     */
    public static LayerTableProfile load(String reference, Path baseDirectory, ModelSpec model, int tensorParallel) {
        LayerTable table;
        try {
            table = LayerTableReader.read(reference, baseDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read layer table " + reference + ": " + e.getMessage(), e);
        }
        return convert(table, model, tensorParallel);
    }

    /** Converts {@code table} into per-layer, per-iteration and per-sequence curves. */
    static LayerTableProfile convert(LayerTable table, ModelSpec model, int tensorParallel) {
        checkApplies(table, model, tensorParallel);
        Map<String, Map<Integer, double[]>> sums = new LinkedHashMap<>();
        int cachedAttentionRows = 0;
        for (LayerTable.Row row : table.rows()) {
            if (row.layer().equals(ATTENTION) && row.cachedTokens() > 0) {
                cachedAttentionRows++;
                continue;
            }
            double[] sum = sums.computeIfAbsent(row.layer(), layer -> new TreeMap<>())
                    .computeIfAbsent(row.inputTokens(), tokens -> new double[2]);
            sum[0] += row.seconds();
            sum[1]++;
        }
        if (cachedAttentionRows > 0) {
            LOG.warn("layer table {}: {} attn rows with a KV cache are not used; decode attention is estimated "
                    + "from the KV-cache size instead", table.sourceName(), cachedAttentionRows);
        }
        List<String> needed = new ArrayList<>(PER_LAYER);
        needed.addAll(PER_MODEL);
        needed.add(OUTPUT_HEAD);
        needed.add(ATTENTION);
        for (String layer : needed) {
            if (!sums.containsKey(layer)) {
                throw problem(table, "has no rows for sub-layer " + layer + ": a Llama-style table needs " + needed);
            }
        }

        ProfileProvenance provenance = new ProfileProvenance(table.stack("gpu", "unknown GPU"),
                table.stack("profiler", "unknown profiler"), "not recorded", "not recorded", "not recorded",
                table.stack("source", table.sourceName()));
        return new LayerTableProfile(model.name(), table.tensorParallel(), model.layers(),
                sumOf(table, sums, PER_LAYER), sumOf(table, sums, LINEAR), sumOf(table, sums, NORM_AND_ROTARY),
                sumOf(table, sums, PER_MODEL), curve(sums.get(FINAL_NORM)), curve(sums.get(OUTPUT_HEAD)),
                curve(sums.get(ATTENTION)), provenance);
    }

    private static void checkApplies(LayerTable table, ModelSpec model, int tensorParallel) {
        String measuredModel = table.stack("model", null);
        if (measuredModel != null && !measuredModel.equals(model.name())) {
            throw problem(table, "was measured for " + measuredModel + " but the config's model is " + model.name()
                    + ": use the table of " + model.name() + " or set model: " + measuredModel);
        }
        if (table.tensorParallel() != tensorParallel) {
            throw problem(table, "was measured at tp_size " + table.tensorParallel() + " but serving.tensor_parallel "
                    + "is " + tensorParallel + ": set serving.tensor_parallel: " + table.tensorParallel()
                    + " or use a table measured at " + tensorParallel);
        }
    }

    /**
     * Returns the sum of {@code layers} at the token counts of the first one. Every other layer is
     * interpolated there and must cover each of those counts.
     */
    private static MeasuredCurve sumOf(LayerTable table, Map<String, Map<Integer, double[]>> sums,
            List<String> layers) {
        Map<Integer, double[]> first = sums.get(layers.get(0));
        List<MeasuredCurve> curves = layers.stream().map(layer -> curve(sums.get(layer))).toList();
        double[] xs = first.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
        double[] ys = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            for (int layer = 0; layer < curves.size(); layer++) {
                if (!curves.get(layer).covers(xs[i])) {
                    throw problem(table, "has no rows of sub-layer " + layers.get(layer) + " around " + (int) xs[i]
                            + " tokens, where " + layers.get(0) + " is measured: measure every sub-layer over the "
                            + "same token counts");
                }
                ys[i] += curves.get(layer).valueAt(xs[i]);
            }
        }
        return new MeasuredCurve(xs, ys);
    }

    private static MeasuredCurve curve(Map<Integer, double[]> sums) {
        double[] xs = sums.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
        double[] ys = sums.values().stream().mapToDouble(sum -> sum[0] / sum[1]).toArray();
        return new MeasuredCurve(xs, ys);
    }

    private static ConfigException problem(LayerTable table, String text) {
        return new ConfigException(table.sourceName(), List.of(KEY + ": layer table " + table.sourceName() + " "
                + text));
    }
}
