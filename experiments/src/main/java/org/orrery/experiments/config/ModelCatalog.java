package org.orrery.experiments.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import org.orrery.model.inference.ModelSpec;

/**
 * The bundled model architectures ({@code models.yaml} next to this class). Parameter counts are
 * derived from the architecture of a dense Llama-style decoder (see {@link #parameterCount}) unless
 * an entry states {@code parameter_count}, as entries that are not Llama-style must; a mixture of
 * experts also states {@code active_parameter_count}, the weights one token passes through.
 */
public final class ModelCatalog {
    private static final String RESOURCE = "/org/orrery/experiments/models.yaml";
    private static final double BF16_BYTES = 2.0;

    private final Map<String, ModelSpec> models = new LinkedHashMap<>();

    private ModelCatalog() {
    }

    /** Loads the bundled models. */
    public static ModelCatalog bundled() {
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
     * Returns the weights of a dense Llama-style decoder: untied input and output embeddings, per
     * layer the query and output projections ({@code hidden^2} each), the key and value projections
     * ({@code hidden x kvHeads x headDim} each), a gated MLP ({@code 3 x hidden x intermediate}) and
     * two norm vectors, plus the final norm.
     */
    static double parameterCount(long vocab, long hidden, long intermediate, long layers, long heads, long kvHeads) {
        long headDim = hidden / heads;
        long perLayer = 2 * hidden * hidden + 2 * hidden * kvHeads * headDim + 3 * hidden * intermediate + 2 * hidden;
        return 2.0 * vocab * hidden + (double) layers * perLayer + hidden;
    }

    private static ModelSpec toSpec(JsonNode entry) {
        String name = entry.get("name").asText();
        long hidden = entry.get("hidden_size").asLong();
        long layers = entry.get("layers").asLong();
        long heads = entry.get("attention_heads").asLong();
        long kvHeads = entry.get("kv_heads").asLong();
        double parameters;
        if (entry.has("parameter_count")) {
            parameters = entry.get("parameter_count").asDouble();
        } else {
            parameters = parameterCount(entry.get("vocab_size").asLong(), hidden,
                    entry.get("intermediate_size").asLong(), layers, heads, kvHeads);
        }
        double active = entry.has("active_parameter_count") ? entry.get("active_parameter_count").asDouble()
                : parameters;
        return new ModelSpec(name, parameters, (int) layers, (int) hidden, (int) heads, (int) kvHeads, BF16_BYTES,
                BF16_BYTES, entry.get("max_context_tokens").asInt(), active);
    }
}
