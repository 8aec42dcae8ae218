package org.orrery.experiments.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import org.orrery.model.inference.MixtureOfExperts;
import org.orrery.model.inference.ModelSpec;

/**
 * The bundled model architectures ({@code models.yaml} next to this class). Parameter counts are
 * derived from the architecture of a dense Llama-style decoder (see {@link DenseDecoder}) unless
 * an entry states {@code parameter_count}, as entries that are not Llama-style must; a mixture of
 * experts also states {@code active_parameter_count}, the weights one token passes through, and
 * its routing: {@code experts}, {@code experts_per_token} and {@code moe_layers}, all three or none.
 */
public final class ModelCatalog {
    private static final String RESOURCE = "/org/orrery/experiments/models.yaml";
    private static final double BF16_BYTES = 2.0;
    private static final Set<String> KEYS = Set.of("name", "source", "parameter_count", "active_parameter_count",
            "vocab_size", "hidden_size", "intermediate_size", "layers", "attention_heads", "kv_heads", "head_dim",
            "tie_word_embeddings", "qkv_bias", "max_context_tokens", "experts", "experts_per_token", "moe_layers");
    private static final List<String> EXPERT_KEYS = List.of("experts", "experts_per_token", "moe_layers");

    private final Map<String, ModelSpec> models = new LinkedHashMap<>();

    private ModelCatalog() {
    }

    /** Returns the bundled models, read once per JVM because the catalog never changes after it is read. */
    public static ModelCatalog bundled() {
        return Bundled.INSTANCE;
    }

    /** Holder of the bundled catalog, read on first use. */
    private static final class Bundled {
        private static final ModelCatalog INSTANCE = readBundled();
    }

    private static ModelCatalog readBundled() {
        ModelCatalog catalog = new ModelCatalog();
        try (InputStream in = ModelCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("bundled resource " + RESOURCE + " is missing from the class path");
            }
            JsonNode root = new YAMLMapper().readTree(in);
            for (JsonNode entry : root.get("models")) {
                ModelSpec spec = toSpec(entry);
                catalog.models.put(spec.name(), spec);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled resource " + RESOURCE, e);
        }
        return catalog;
    }

    /** Returns the model called {@code name}, or null. */
    public ModelSpec find(String name) {
        return models.get(name);
    }

    /** Returns the bundled model names in file order. */
    public List<String> names() {
        return new ArrayList<>(models.keySet());
    }

    /**
     * The shape of a dense Llama-style decoder, from which the catalog derives the parameter count.
     *
     * @param headDim width of one query, key or value head
     * @param tiedEmbeddings whether the output head reuses the input embedding matrix
     * @param qkvBias whether the query, key and value projections carry bias vectors (Qwen2 does)
     */
    record DenseDecoder(long vocab, long hidden, long intermediate, long layers, long heads, long kvHeads,
            long headDim, boolean tiedEmbeddings, boolean qkvBias) {

        /**
         * Returns the weights: the input embeddings and, unless tied, the output head ({@code vocab x
         * hidden} each), the final norm, and per layer the query and output projections ({@code
         * hidden x heads x headDim} each), the key and value projections ({@code hidden x kvHeads x
         * headDim} each), their biases if any, a gated MLP ({@code 3 x hidden x intermediate}) and
         * two norm vectors.
         */
        double parameterCount() {
            long queryWidth = heads * headDim;
            long kvWidth = kvHeads * headDim;
            long attention = 2 * hidden * queryWidth + 2 * hidden * kvWidth;
            long biases = qkvBias ? queryWidth + 2 * kvWidth : 0;
            long perLayer = attention + biases + 3 * hidden * intermediate + 2 * hidden;
            long embeddingMatrices = tiedEmbeddings ? 1 : 2;
            return (double) embeddingMatrices * vocab * hidden + (double) layers * perLayer + hidden;
        }
    }

    private static ModelSpec toSpec(JsonNode entry) {
        String name = entry.path("name").asText("");
        entry.fieldNames().forEachRemaining(key -> {
            if (!KEYS.contains(key)) {
                throw new IllegalStateException("bundled model '" + name + "' in " + RESOURCE + ": unknown key '"
                        + key + "': expected one of " + String.join(", ", KEYS.stream().sorted().toList()));
            }
        });
        long hidden = required(entry, name, "hidden_size").asLong();
        long layers = required(entry, name, "layers").asLong();
        long heads = required(entry, name, "attention_heads").asLong();
        long kvHeads = required(entry, name, "kv_heads").asLong();
        boolean explicitHeadDim = entry.has("head_dim");
        long headDim = 0;
        if (explicitHeadDim) {
            headDim = entry.get("head_dim").asLong();
        } else if (heads > 0) {
            headDim = hidden / heads;
        }

        double parameters;
        if (entry.has("parameter_count")) {
            parameters = entry.get("parameter_count").asDouble();
        } else {
            DenseDecoder decoder = new DenseDecoder(required(entry, name, "vocab_size").asLong(), hidden,
                    required(entry, name, "intermediate_size").asLong(), layers, heads, kvHeads, headDim,
                    entry.path("tie_word_embeddings").asBoolean(false), entry.path("qkv_bias").asBoolean(false));
            parameters = decoder.parameterCount();
        }
        double active = entry.has("active_parameter_count") ? entry.get("active_parameter_count").asDouble()
                : parameters;
        int maxContext = required(entry, name, "max_context_tokens").asInt();
        MixtureOfExperts experts = experts(entry, name);

        // Without head_dim, the ModelSpec constructor derives hidden / heads and rejects a remainder.
        if (explicitHeadDim) {
            return new ModelSpec(name, parameters, (int) layers, (int) hidden, (int) heads, (int) kvHeads,
                    (int) headDim, BF16_BYTES, BF16_BYTES, maxContext, active, experts);
        }
        ModelSpec dense = new ModelSpec(name, parameters, (int) layers, (int) hidden, (int) heads, (int) kvHeads,
                BF16_BYTES, BF16_BYTES, maxContext, active);
        return experts == null ? dense : new ModelSpec(name, parameters, (int) layers, (int) hidden, (int) heads,
                (int) kvHeads, dense.headDim(), BF16_BYTES, BF16_BYTES, maxContext, active, experts);
    }

    /** Returns the routing of a mixture of experts, or null for a model that states none of its keys. */
    private static MixtureOfExperts experts(JsonNode entry, String name) {
        long present = EXPERT_KEYS.stream().filter(entry::has).count();
        if (present == 0) {
            return null;
        }
        if (present < EXPERT_KEYS.size()) {
            throw new IllegalStateException("bundled model '" + name + "' in " + RESOURCE + ": a mixture of experts "
                    + "needs all of " + String.join(", ", EXPERT_KEYS) + "; add the missing ones or remove the others");
        }
        try {
            return new MixtureOfExperts(entry.get("experts").asInt(), entry.get("experts_per_token").asInt(),
                    entry.get("moe_layers").asInt());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("bundled model '" + name + "' in " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode required(JsonNode entry, String name, String key) {
        if (!entry.hasNonNull(key)) {
            throw new IllegalStateException("bundled model '" + name + "' in " + RESOURCE + ": missing key '" + key
                    + "'");
        }
        return entry.get(key);
    }
}
