package org.orrery.hardware;

import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Immutable set of accelerator and server specifications, each value with its source.
 *
 * <p>{@link #bundled()} returns the catalog shipped in this module ({@code catalog.yaml} in this
 * package), loaded once; {@link #load(Path)} reads a user catalog with the same schema. A user
 * catalog stands alone: it is not merged with the bundled one, so a server can only refer to
 * accelerators defined in the same file. Every value is converted to SI units when the file is
 * parsed (see {@link AcceleratorSpec} and {@link ServerSpec}).
 *
 * <p>Provenance: {@link #source(String, String)} returns, for each value, the citation of the
 * upstream file or the reason of the assumption; {@code SOURCES.md} in this package lists the
 * upstream files and their licenses.
 *
 * <p>Errors: an invalid file fails with a {@link CatalogException} that lists every problem of
 * the file at once; a lookup of an unknown name fails with a {@link CatalogException} that names
 * the value and lists the known names.
 */
public final class HardwareCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(HardwareCatalog.class);
    private static final String BUNDLED_RESOURCE = "catalog.yaml";

    private final String fileName;
    private final ImmutableMap<String, AcceleratorSpec> accelerators;
    private final ImmutableMap<String, ServerSpec> servers;
    private final ImmutableMap<String, ImmutableMap<String, SourcedValue>> provenance;
    private final ImmutableMap<String, String> citations;

    HardwareCatalog(String fileName, Map<String, AcceleratorSpec> accelerators, Map<String, ServerSpec> servers,
            Map<String, ? extends Map<String, SourcedValue>> provenance, Map<String, String> citations) {
        this.fileName = fileName;
        this.accelerators = ImmutableMap.copyOf(accelerators);
        this.servers = ImmutableMap.copyOf(servers);
        ImmutableMap.Builder<String, ImmutableMap<String, SourcedValue>> copy = ImmutableMap.builder();
        provenance.forEach((entity, fields) -> copy.put(entity, ImmutableMap.copyOf(fields)));
        this.provenance = copy.buildOrThrow();
        this.citations = ImmutableMap.copyOf(citations);
    }

    /** Holds the bundled catalog, parsed on first use of {@link #bundled()}. */
    private static final class Bundled {
        static final HardwareCatalog INSTANCE = readBundled();
    }

    /**
     * Returns the catalog shipped with Orrery, parsing it on the first call.
     *
     * @throws CatalogException if the bundled file is invalid, which is a bug in this module
     */
    public static HardwareCatalog bundled() {
        return Bundled.INSTANCE;
    }

    /**
     * Reads a user catalog from {@code yaml}.
     *
     * @throws CatalogException if the file does not exist or is invalid; the message lists every
     *     problem with its path, value and fix
     * @throws UncheckedIOException if the file exists but cannot be read
     */
    public static HardwareCatalog load(Path yaml) {
        String text;
        try {
            text = Files.readString(yaml, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CatalogException("Hardware catalog file " + yaml + " not found; check the path");
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read hardware catalog " + yaml, e);
        }
        HardwareCatalog catalog = CatalogParser.parse(text, yaml.toString());
        LOG.debug("Loaded hardware catalog {}: {} accelerators, {} servers",
                yaml, catalog.accelerators.size(), catalog.servers.size());
        return catalog;
    }

    /** Returns the name of the file this catalog was read from. */
    public String fileName() {
        return fileName;
    }

    /**
     * Returns the accelerator called {@code name}.
     *
     * @throws CatalogException if the catalog has no such accelerator
     */
    public AcceleratorSpec accelerator(String name) {
        AcceleratorSpec spec = accelerators.get(name);
        if (spec == null) {
            throw unknown("accelerator", name, accelerators.keySet());
        }
        return spec;
    }

    /**
     * Returns the server called {@code name}.
     *
     * @throws CatalogException if the catalog has no such server
     */
    public ServerSpec server(String name) {
        ServerSpec spec = servers.get(name);
        if (spec == null) {
            throw unknown("server", name, servers.keySet());
        }
        return spec;
    }

    /** Returns every accelerator in file order. */
    public Collection<AcceleratorSpec> accelerators() {
        return accelerators.values();
    }

    /** Returns every server in file order. */
    public Collection<ServerSpec> servers() {
        return servers.values();
    }

    /**
     * Returns the provenance of one value.
     *
     * @param entity name of an accelerator or server
     * @param field catalog key as written in the file, for example {@code "tdp"} or {@code "memory"}
     * @throws CatalogException if the entity or the field is unknown
     */
    public SourcedValue source(String entity, String field) {
        SourcedValue value = sources(entity).get(field);
        if (value == null) {
            throw unknown("field of " + entity, field, sources(entity).keySet());
        }
        return value;
    }

    /**
     * Returns the provenance of every value of one entity, keyed by catalog key, in file order.
     *
     * @throws CatalogException if no accelerator or server has that name
     */
    public Map<String, SourcedValue> sources(String entity) {
        Map<String, SourcedValue> fields = provenance.get(entity);
        if (fields == null) {
            throw unknown("accelerator or server", entity, provenance.keySet());
        }
        return fields;
    }

    /** Returns the citation texts of the file's {@code sources} section, keyed by source id. */
    public Map<String, String> citations() {
        return citations;
    }

    private CatalogException unknown(String kind, String name, Collection<String> known) {
        return new CatalogException("Unknown " + kind + " '" + name + "' in " + fileName
                + "; known names: " + String.join(", ", known));
    }

    private static HardwareCatalog readBundled() {
        try (InputStream in = HardwareCatalog.class.getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Bundled resource " + BUNDLED_RESOURCE
                        + " is missing from the class path of " + HardwareCatalog.class.getName());
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return CatalogParser.parse(text, BUNDLED_RESOURCE + " (bundled)");
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read bundled resource " + BUNDLED_RESOURCE, e);
        }
    }
}
