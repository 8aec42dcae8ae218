package org.orrery.experiments.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.orrery.model.inference.IterationProfile;
import org.orrery.model.inference.MeasuredCurve;
import org.orrery.model.inference.MeasuredSurface;
import org.orrery.model.inference.MixedAttentionTable;
import org.orrery.model.inference.ModelSpec;
import org.orrery.model.inference.MoeLayerTable;
import org.orrery.model.inference.ProfileProvenance;
import org.orrery.traces.profiles.LayerwiseProfile;
import org.orrery.traces.profiles.LayerwiseProfileReader;

/**
 * Turns a layer-wise profile read from disk into the {@link IterationProfile} of the models module.
 *
 * <p>Per transformer layer the non-attention time adds {@code qkv_proj}, {@code o_proj},
 * {@code rotary_emb}, twice {@code layernorm} (before attention and before the MLP), {@code
 * qk_norm} where the model normalizes queries and keys per head (Qwen3), and the MLP: {@code
 * gate_up_proj}, {@code act_fn} and {@code down_proj} for a dense model. A mixture of experts has
 * no MLP rows; its MoE layer comes from {@code moe.csv}, one curve over tokens per measured count
 * of activated experts. {@code embedding} and {@code final_layernorm} run once per iteration;
 * {@code lm_head} and {@code sampler} once per sequence. Attention rows without decodes form the
 * prefill surface, rows without a prefill chunk the decode surface, and rows with both the mixed
 * table.
 */
public final class ProfileLoader {
    private static final List<String> ATTENTION_BLOCK = List.of("qkv_proj", "o_proj", "rotary_emb", "layernorm");
    private static final List<String> DENSE_MLP = List.of("gate_up_proj", "down_proj", "act_fn");
    /** Layers counted when present: the per-head query and key norms of Qwen3. */
    private static final List<String> OPTIONAL_PER_LAYER = List.of("qk_norm");
    private static final Set<String> PER_MODEL = Set.of("embedding", "final_layernorm");
    /** The tensor-parallel degree at the end of a profile's name: {@code .../tp2} or {@code ...-tp1}. */
    private static final Pattern TP_SUFFIX = Pattern.compile("(?:^|[-/\\\\:])tp(\\d+)[/\\\\]?$");
    private static final String ATTENTION_BACKEND = "vLLM default for the GPU (the profiler does not record it)";

    private ProfileLoader() {
    }

    /**
     * Reads the profile named by {@code reference} for {@code model}.
     *
     * @param baseDirectory folder that relative paths are resolved against, or null
     * @throws IllegalArgumentException if the profile lacks a layer this loader needs
     * @throws UncheckedIOException if a file cannot be read
     */
    public static IterationProfile load(String reference, Path baseDirectory, ModelSpec model, int tensorParallel) {
        LayerwiseProfile raw;
        try {
            raw = LayerwiseProfileReader.read(reference, baseDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read profile " + reference + ": " + e.getMessage(), e);
        }
        return convert(raw, model, tensorParallel);
    }

    /** Converts {@code raw} into per-layer and per-iteration curves and attention surfaces. */
    static IterationProfile convert(LayerwiseProfile raw, ModelSpec model, int tensorParallel) {
        MoeLayerTable moeTable = moeTable(raw, model);
        checkApplies(raw, model, tensorParallel);
        List<String> required = new ArrayList<>(ATTENTION_BLOCK);
        if (moeTable == null) {
            required.addAll(DENSE_MLP);
        }
        List<String> perLayerNames = new ArrayList<>(required);
        perLayerNames.addAll(OPTIONAL_PER_LAYER);

        Map<Integer, Double> perLayer = new TreeMap<>();
        Map<Integer, Double> perModel = new TreeMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (LayerwiseProfile.LayerTime row : raw.dense()) {
            seen.merge(row.layer(), 1, Integer::sum);
            if (perLayerNames.contains(row.layer())) {
                double weight = row.layer().equals("layernorm") ? 2.0 : 1.0;
                perLayer.merge(row.count(), weight * row.seconds(), Double::sum);
            } else if (PER_MODEL.contains(row.layer())) {
                perModel.merge(row.count(), row.seconds(), Double::sum);
            }
        }
        for (String layer : required) {
            if (!seen.containsKey(layer)) {
                throw new IllegalArgumentException("profile " + raw.sourceName() + ": dense.csv has no rows for layer "
                        + layer + "; a profile of " + (moeTable == null ? "a dense model" : "a mixture of experts")
                        + " needs " + required);
            }
        }
        Map<Integer, Double> perSequence = new TreeMap<>();
        for (LayerwiseProfile.LayerTime row : raw.perSequence()) {
            perSequence.merge(row.count(), row.seconds(), Double::sum);
        }

        Map<Double, List<double[]>> prefillRows = new TreeMap<>();
        Map<Double, List<double[]>> decodeRows = new TreeMap<>();
        Map<Double, Map<Double, Map<Double, List<double[]>>>> mixedRows = new TreeMap<>();
        for (LayerwiseProfile.AttentionTime row : raw.attention()) {
            if (row.decodeSequences() == 0 && row.prefillChunkTokens() > 0) {
                prefillRows.computeIfAbsent((double) row.prefillChunkTokens(), x -> new ArrayList<>())
                        .add(new double[] {row.prefillCachedTokens(), row.seconds()});
            } else if (row.prefillChunkTokens() == 0 && row.decodeSequences() > 0) {
                decodeRows.computeIfAbsent((double) row.decodeSequences(), x -> new ArrayList<>())
                        .add(new double[] {row.decodeContextTokens(), row.seconds()});
            } else if (row.prefillChunkTokens() > 0) {
                mixedRows.computeIfAbsent((double) row.prefillChunkTokens(), x -> new TreeMap<>())
                        .computeIfAbsent((double) row.decodeSequences(), x -> new TreeMap<>())
                        .computeIfAbsent((double) row.prefillCachedTokens(), x -> new ArrayList<>())
                        .add(new double[] {row.decodeContextTokens(), row.seconds()});
            }
        }
        if (prefillRows.isEmpty() || decodeRows.isEmpty() || perSequence.isEmpty() || perModel.isEmpty()) {
            throw new IllegalArgumentException("profile " + raw.sourceName() + " lacks prefill or decode attention rows, "
                    + "per-sequence rows or embedding rows; re-export it from the profiler");
        }

        ProfileProvenance provenance = new ProfileProvenance(raw.metadata("gpu", "unknown GPU"), "vLLM",
                raw.metadata("vllm_version", "unknown"), raw.metadata("cuda_version", "unknown"), ATTENTION_BACKEND,
                raw.sourceName());
        return new IterationProfile(raw.metadata("model", model.name()), tensorParallel, model.layers(),
                curve(perLayer), curve(perModel), curve(perSequence), surface(prefillRows), surface(decodeRows),
                mixedRows.isEmpty() ? null : mixedTable(mixedRows), moeTable == null ? null : model.experts(),
                moeTable, provenance);
    }

    /**
     * Rejects a profile measured for another model or at another tensor-parallel degree, which
     * would otherwise give plausible but wrong times. The model is the {@code model} of {@code
     * meta.yaml} without its organization ({@code meta-llama/Llama-3.1-8B} is {@code
     * Llama-3.1-8B}). The degree comes from the profile's name: the profiler writes each degree's
     * files into a folder {@code tpN}, and the bundled names end in {@code -tpN}. A folder named
     * otherwise has no recorded degree, and only its model is checked.
     */
    static void checkApplies(LayerwiseProfile raw, ModelSpec model, int tensorParallel) {
        String measuredModel = raw.metadata("model", null);
        if (measuredModel != null) {
            String bareName = measuredModel.substring(measuredModel.lastIndexOf('/') + 1);
            if (!bareName.equalsIgnoreCase(model.name())) {
                throw new IllegalArgumentException("profile " + raw.sourceName() + " was measured for " + measuredModel
                        + " but the config's model is " + model.name() + ": use a profile of " + model.name()
                        + " or set model: " + bareName);
            }
        }
        Matcher degree = TP_SUFFIX.matcher(raw.sourceName());
        if (degree.find()) {
            int measured = Integer.parseInt(degree.group(1));
            if (measured != tensorParallel) {
                throw new IllegalArgumentException("profile " + raw.sourceName() + " was measured at tensor parallel "
                        + measured + " but serving.tensor_parallel is " + tensorParallel + ": set "
                        + "serving.tensor_parallel: " + measured + " or use a profile measured at " + tensorParallel);
            }
        }
    }

    /**
     * Returns the MoE layer table of a mixture-of-experts profile, or null for a dense model's
     * profile, after checking that the profile and the model agree.
     *
     * @throws IllegalArgumentException if only one of them has experts, the table activates more
     *     experts than the model has, or the model mixes dense and MoE layers
     */
    private static MoeLayerTable moeTable(LayerwiseProfile raw, ModelSpec model) {
        if (raw.moe().isEmpty()) {
            if (model.isMixtureOfExperts()) {
                throw new IllegalArgumentException("profile " + raw.sourceName() + " has no moe.csv, but "
                        + model.name() + " is a mixture of experts: use a profile measured for " + model.name());
            }
            return null;
        }
        if (!model.isMixtureOfExperts()) {
            throw new IllegalArgumentException("profile " + raw.sourceName() + " has moe.csv, so it was measured for a "
                    + "mixture of experts, but " + model.name() + " is dense: use a profile of " + model.name()
                    + ", or a bundled mixture-of-experts model such as Qwen3-30B-A3B-Instruct-2507");
        }
        if (model.experts().moeLayers() != model.layers()) {
            throw new IllegalArgumentException("model " + model.name() + " has " + model.experts().moeLayers() + " MoE "
                    + "layers of " + model.layers() + ": the profile model supports only models whose every layer is "
                    + "a mixture of experts");
        }
        Map<Double, List<double[]>> rows = new TreeMap<>();
        for (LayerwiseProfile.MoeTime row : raw.moe()) {
            if (row.activatedExperts() > model.experts().experts()) {
                throw new IllegalArgumentException("profile " + raw.sourceName() + ": moe.csv has a row with "
                        + row.activatedExperts() + " activated experts, but " + model.name() + " has "
                        + model.experts().experts() + " per layer: use a profile measured for " + model.name());
            }
            rows.computeIfAbsent((double) row.activatedExperts(), x -> new ArrayList<>())
                    .add(new double[] {row.tokens(), row.seconds()});
        }
        Map<Double, MeasuredCurve> curves = new TreeMap<>();
        for (Map.Entry<Double, List<double[]>> row : rows.entrySet()) {
            double[] tokens = row.getValue().stream().mapToDouble(point -> point[0]).toArray();
            double[] seconds = row.getValue().stream().mapToDouble(point -> point[1]).toArray();
            curves.put(row.getKey(), new MeasuredCurve(tokens, seconds));
        }
        return new MoeLayerTable(curves);
    }

    /** Builds the mixed table from rows keyed by chunk, decode count and cached tokens, each a list of (context, seconds). */
    private static MixedAttentionTable mixedTable(Map<Double, Map<Double, Map<Double, List<double[]>>>> rows) {
        Map<Double, Map<Double, MeasuredSurface>> slices = new TreeMap<>();
        for (Map.Entry<Double, Map<Double, Map<Double, List<double[]>>>> byChunk : rows.entrySet()) {
            Map<Double, MeasuredSurface> byDecodes = new TreeMap<>();
            for (Map.Entry<Double, Map<Double, List<double[]>>> slice : byChunk.getValue().entrySet()) {
                byDecodes.put(slice.getKey(), surface(slice.getValue()));
            }
            slices.put(byChunk.getKey(), byDecodes);
        }
        return new MixedAttentionTable(slices);
    }

    private static MeasuredCurve curve(Map<Integer, Double> points) {
        double[] xs = points.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
        double[] ys = points.values().stream().mapToDouble(Double::doubleValue).toArray();
        return new MeasuredCurve(xs, ys);
    }

    private static MeasuredSurface surface(Map<Double, List<double[]>> rows) {
        Map<Double, MeasuredCurve> curves = new TreeMap<>();
        for (Map.Entry<Double, List<double[]>> row : rows.entrySet()) {
            double[] xs = row.getValue().stream().mapToDouble(point -> point[0]).toArray();
            double[] ys = row.getValue().stream().mapToDouble(point -> point[1]).toArray();
            curves.put(row.getKey(), new MeasuredCurve(xs, ys));
        }
        return new MeasuredSurface(curves);
    }
}
