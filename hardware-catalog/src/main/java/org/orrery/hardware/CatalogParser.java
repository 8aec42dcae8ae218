package org.orrery.hardware;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.orrery.hardware.AcceleratorSpec.TensorPrecision;
import org.orrery.hardware.EntityReader.Bound;
import org.orrery.hardware.Units.Dimension;

/**
 * Parses the text of one catalog file into a {@link HardwareCatalog}, converting every quantity to
 * SI units and collecting all problems before failing.
 *
 * <p>The schema is described at the top of the bundled {@code catalog.yaml}.
 */
final class CatalogParser {

    private static final YAMLMapper MAPPER =
            YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final Set<String> TOP_LEVEL_KEYS = Set.of("sources", "accelerators", "servers");

    private final ProblemLog log;
    private final Map<String, String> citations = new LinkedHashMap<>();
    private final Map<String, AcceleratorSpec> accelerators = new LinkedHashMap<>();
    private final Map<String, ServerSpec> servers = new LinkedHashMap<>();
    private final Map<String, Map<String, SourcedValue>> provenance = new LinkedHashMap<>();

    /** Names of every entry seen, including invalid ones, mapped to the path that defined them. */
    private final Map<String, String> definedNames = new LinkedHashMap<>();
    private final Set<String> acceleratorNamesSeen = new LinkedHashSet<>();

    private CatalogParser(String fileName) {
        this.log = new ProblemLog(fileName);
    }

    /**
     * Parses {@code yamlText}, naming {@code fileName} in every problem.
     *
     * @throws CatalogException listing every problem if the text is not a valid catalog
     */
    static HardwareCatalog parse(String yamlText, String fileName) {
        return new CatalogParser(fileName).parseDocument(yamlText);
    }

    private HardwareCatalog parseDocument(String yamlText) {
        JsonNode root = readTree(yamlText);
        log.throwIfAny();

        checkTopLevelKeys(root);
        parseSources(root.get("sources"));
        parseAccelerators(root.get("accelerators"));
        parseServers(root.get("servers"));
        log.throwIfAny();

        return new HardwareCatalog(log.fileName(), accelerators, servers, provenance, citations);
    }

    private JsonNode readTree(String yamlText) {
        JsonNode root;
        try {
            root = MAPPER.readTree(yamlText);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String location = where == null ? "document"
                    : "line " + where.getLineNr() + ", column " + where.getColumnNr();
            log.add(location, "invalid YAML: " + e.getOriginalMessage() + "; fix the syntax at that position");
            return null;
        }

        if (root == null || root.isMissingNode() || root.isNull()) {
            log.add("document", "the file is empty; it needs the keys 'sources' and 'accelerators'");
            return null;
        }
        if (!root.isObject()) {
            log.add("document", "expected a mapping with the keys 'sources', 'accelerators' and 'servers', "
                    + "but found a " + root.getNodeType().toString().toLowerCase(Locale.ROOT));
            return null;
        }
        return root;
    }

    private void checkTopLevelKeys(JsonNode root) {
        Iterator<String> names = root.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!TOP_LEVEL_KEYS.contains(key)) {
                log.add("document", "unknown top-level key '" + key + "'; use only sources, accelerators, servers");
            }
        }
    }

    private void parseSources(JsonNode sources) {
        if (sources == null) {
            log.add("document", "missing key 'sources'; add a mapping from source id to citation text");
            return;
        }
        if (!sources.isObject()) {
            log.add("sources", "expected a mapping from source id to citation text");
            return;
        }

        sources.fields().forEachRemaining(entry -> {
            JsonNode text = entry.getValue();
            if (!text.isTextual() || text.asText().isBlank()) {
                log.add("sources." + entry.getKey(), "value '" + text + "' is invalid: expected a citation text "
                        + "naming the upstream repository, commit and file");
            } else {
                citations.put(entry.getKey(), text.asText().strip());
            }
        });
    }

    private void parseAccelerators(JsonNode list) {
        if (list == null) {
            log.add("document", "missing key 'accelerators'; add a list of accelerator entries");
            return;
        }
        forEachEntry("accelerators", list, (path, name, node) -> {
            acceleratorNamesSeen.add(name);
            EntityReader reader = new EntityReader(log, path, name, node, citations);
            AcceleratorSpec spec = readAccelerator(reader, name, path);
            if (spec != null) {
                accelerators.put(name, spec);
                provenance.put(name, reader.provenance());
            }
        });
    }

    private void parseServers(JsonNode list) {
        if (list == null) {
            return;
        }
        forEachEntry("servers", list, (path, name, node) -> {
            EntityReader reader = new EntityReader(log, path, name, node, citations);
            ServerSpec spec = readServer(reader, name, path);
            if (spec != null) {
                servers.put(name, spec);
                provenance.put(name, reader.provenance());
            }
        });
    }

    private AcceleratorSpec readAccelerator(EntityReader reader, String name, String path) {
        String vendor = reader.text("vendor", "NVIDIA");
        TensorPrecision precision = reader.choice("denseTensorPrecision", TensorPrecision.class);
        double flops = reader.quantity("denseTensorFlops", Dimension.FLOP_RATE, Bound.POSITIVE);
        double memory = reader.quantity("memory", Dimension.BYTES, Bound.POSITIVE);
        double memoryBandwidth = reader.quantity("memoryBandwidth", Dimension.BYTE_RATE, Bound.POSITIVE);
        double tdp = reader.quantity("tdp", Dimension.POWER, Bound.POSITIVE);
        double idlePower = reader.quantity("idlePower", Dimension.POWER, Bound.NON_NEGATIVE);
        double intraNode = reader.quantity("intraNodeBandwidthPerDirection", Dimension.BYTE_RATE, Bound.POSITIVE);
        double price = reader.quantity("price", Dimension.PRICE_RATE, Bound.NON_NEGATIVE);
        double carbon = reader.quantity("embodiedCarbon", Dimension.CARBON, Bound.NON_NEGATIVE);
        double lifetime = reader.quantity("lifetime", Dimension.DURATION, Bound.POSITIVE);
        reader.rejectUnknownKeys();
        if (reader.hasProblems()) {
            return null;
        }

        try {
            return new AcceleratorSpec(name, vendor, precision, flops, memory, memoryBandwidth, tdp, idlePower,
                    intraNode, price, carbon, lifetime);
        } catch (IllegalArgumentException e) {
            log.add(path, "inconsistent values: " + e.getMessage());
            return null;
        }
    }

    private ServerSpec readServer(EntityReader reader, String name, String path) {
        String acceleratorName = reader.text("accelerator", "H100-SXM5-80GB");
        int acceleratorCount = reader.count("acceleratorCount");
        String cpuModel = reader.text("cpuModel", "AMD EPYC 7742");
        int cpuCount = reader.count("cpuCount");
        String nicModel = reader.text("nicModel", "ConnectX-7 NDR");
        int nicCount = reader.count("nicCount");
        double nicBandwidth = reader.quantity("nicBandwidthPerDirection", Dimension.BYTE_RATE, Bound.POSITIVE);
        double hostIdle = reader.quantity("hostIdlePower", Dimension.POWER, Bound.NON_NEGATIVE);
        double hostMax = reader.quantity("hostMaxPower", Dimension.POWER, Bound.POSITIVE);
        double hostCarbon = reader.quantity("hostEmbodiedCarbon", Dimension.CARBON, Bound.NON_NEGATIVE);
        double lifetime = reader.quantity("lifetime", Dimension.DURATION, Bound.POSITIVE);
        reader.rejectUnknownKeys();

        AcceleratorSpec accelerator = acceleratorName == null ? null : accelerators.get(acceleratorName);
        if (acceleratorName != null && !acceleratorNamesSeen.contains(acceleratorName)) {
            reader.problem("accelerator", "value '" + acceleratorName + "' names no accelerator in this file; "
                    + "use one of: " + String.join(", ", acceleratorNamesSeen));
        }
        if (reader.hasProblems() || accelerator == null) {
            // An accelerator that was defined but invalid has its own problems reported already.
            return null;
        }

        try {
            return new ServerSpec(name, accelerator, acceleratorCount, cpuModel, cpuCount, nicModel, nicCount,
                    nicBandwidth, hostIdle, hostMax,
                    hostCarbon, lifetime);
        } catch (IllegalArgumentException e) {
            log.add(path, "inconsistent values: " + e.getMessage());
            return null;
        }
    }

    /** Receives one entry of an entity list whose name is valid and unique. */
    private interface EntryHandler {
        void accept(String path, String name, JsonNode node);
    }

    private void forEachEntry(String listKey, JsonNode list, EntryHandler handler) {
        if (!list.isArray()) {
            log.add(listKey, "expected a list of entries, each starting with '- name: ...'");
            return;
        }

        for (int i = 0; i < list.size(); i++) {
            JsonNode node = list.get(i);
            String indexPath = listKey + "[" + i + "]";
            if (!node.isObject()) {
                log.add(indexPath, "expected a mapping with a 'name' key, but found '" + node + "'");
                continue;
            }
            JsonNode nameNode = node.get("name");
            if (nameNode == null || !nameNode.isTextual() || nameNode.asText().isBlank()) {
                log.add(indexPath, "missing or invalid 'name' (found '" + nameNode + "'); add 'name: <unique text>'");
                continue;
            }

            String name = nameNode.asText().strip();
            String path = indexPath + " (" + name + ")";
            String earlier = definedNames.putIfAbsent(name, path);
            if (earlier != null) {
                log.add(path, "name '" + name + "' is already used by " + earlier + "; rename one of them");
                continue;
            }
            handler.accept(path, name, node);
        }
    }
}
