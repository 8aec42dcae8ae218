package org.orrery.experiments.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import org.junit.jupiter.api.Test;

/** Keeps configs/reference.yaml in sync with the keys and defaults that the config reader reads. */
class ReferenceConfigTest {
    private static final Path REFERENCE = Path.of("configs/reference.yaml");
    private static final YAMLMapper YAML = new YAMLMapper();
    /** Keys whose reference value is an example, because they are required or name the run. */
    private static final Set<String> EXAMPLE_KEYS = Set.of("name", "model", "cluster.nodes[].server",
            "serving.instances", "trace.path", "carbon.intensity");
    private static final String MINIMAL = """
            cluster:
              nodes:
                - server: DGX-H100-80GB
            model: Llama-3.1-8B
            serving:
              instances: 1
            trace:
              path: bundled:azure-2023-code
            carbon:
              intensity: 400
            """;

    private final ConfigLoader loader = ConfigLoader.bundled();

    @Test
    void referenceListsEveryReaderKey() throws Exception {
        Experiment reference = loader.load(REFERENCE, null, List.of());

        Map<String, JsonNode> written = leaves(YAML.readTree(Files.readString(REFERENCE)));
        Map<String, JsonNode> resolved = leaves(YAML.readTree(reference.resolvedYaml()));

        assertThat(written.keySet()).as("keys of reference.yaml").containsExactlyInAnyOrderElementsOf(resolved.keySet());
    }

    @Test
    void referenceValuesAreTheDefaults() throws Exception {
        Map<String, JsonNode> written = leaves(YAML.readTree(Files.readString(REFERENCE)));
        Experiment minimal = loader.parse("minimal.yaml", MINIMAL, Path.of("."), null, List.of(), null);
        Map<String, JsonNode> defaults = leaves(YAML.readTree(minimal.resolvedYaml()));

        for (Map.Entry<String, JsonNode> entry : defaults.entrySet()) {
            if (!EXAMPLE_KEYS.contains(entry.getKey())) {
                JsonNode value = written.get(entry.getKey());
                assertThat(value).as("reference value of %s", entry.getKey()).isNotNull();
                assertThat(sameValue(value, entry.getValue()))
                        .as("reference value %s of %s equals the default %s", value, entry.getKey(), entry.getValue())
                        .isTrue();
            }
        }
    }

    @Test
    void referenceDocumentsInlineModelKeys() throws Exception {
        String config = MINIMAL.replace("model: Llama-3.1-8B", """
                model:
                  name: Custom
                  parameter_count: 8.0e9
                  layers: 32
                  hidden_size: 4096
                  attention_heads: 32
                  kv_heads: 8
                  max_context_tokens: 8192""");

        Experiment inline = loader.parse("inline.yaml", config, Path.of("."), null, List.of(), null);

        assertDocumentedInComments(leaves(YAML.readTree(inline.resolvedYaml())).keySet(), "model.");
    }

    @Test
    void referenceDocumentsSyntheticTraceKeys() throws Exception {
        String config = MINIMAL.replace("  path: bundled:azure-2023-code\n", String.join("\n",
                "  format: synthetic",
                "  start: 2024-05-12T00:00:00Z",
                "  end: 2024-05-12T01:00:00Z",
                "  synthetic:",
                "    mean_rate_per_s: 2.0",
                ""));

        Experiment synthetic = loader.parse("synthetic.yaml", config, Path.of("."), null, List.of(), null);

        assertDocumentedInComments(leaves(YAML.readTree(synthetic.resolvedYaml())).keySet(), "trace.synthetic.");
    }

    private static void assertDocumentedInComments(Set<String> keys, String prefix) throws Exception {
        List<String> lines = Files.readAllLines(REFERENCE);
        for (String key : keys) {
            if (key.startsWith(prefix)) {
                String leaf = key.substring(key.lastIndexOf('.') + 1);
                assertThat(lines).as("a comment line of reference.yaml documents %s", key)
                        .anySatisfy(line -> assertThat(line.trim()).startsWith("#").contains(" " + leaf + ":"));
            }
        }
    }

    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.asDouble() == b.asDouble();
        }
        boolean aEmpty = a.isNull() || (a.isTextual() && a.asText().isEmpty());
        boolean bEmpty = b.isNull() || (b.isTextual() && b.asText().isEmpty());
        return aEmpty && bEmpty || a.asText().equals(b.asText());
    }

    /** Returns every scalar of a tree by key path, with list indices written as {@code []}. */
    private static Map<String, JsonNode> leaves(JsonNode tree) {
        Map<String, JsonNode> leaves = new TreeMap<>();
        collect("", tree, leaves);
        return leaves;
    }

    private static void collect(String path, JsonNode node, Map<String, JsonNode> leaves) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                collect(path.isEmpty() ? field.getKey() : path + "." + field.getKey(), field.getValue(), leaves);
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                collect(path + "[]", item, leaves);
            }
        } else {
            leaves.put(path, node);
        }
    }
}
