package org.orrery.traces;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Traces shipped inside this module, and the resolution of trace references in configs.
 *
 * <p>A trace reference is either {@code bundled:NAME}, naming one of the data sets below, or a
 * file path. Bundled data sets, with their provenance and license in the {@code PROVENANCE.md}
 * next to each resource:
 *
 * <ul>
 *   <li>{@code azure-2023-conversation}: Azure LLM inference trace, conversation service, 19,366
 *       requests on 2023-11-16 from 18:15:46 to 19:14:08 (CC-BY-4.0, Azure Public Dataset).
 *   <li>{@code azure-2023-code}: Azure LLM inference trace, coding service, 8,819 requests on
 *       2023-11-16 from 18:17:03 to 19:14:19 (CC-BY-4.0, Azure Public Dataset).
 *   <li>{@code electricitymaps-US-CAL-CISO-2023}: hourly carbon intensity of the California ISO
 *       grid zone for 2023, 8,760 hours (data: Electricity Maps, ODbL-1.0).
 *   <li>{@code electricitymaps-US-CAL-CISO-2024}: the same zone for 2024, 8,784 hours, covering the
 *       week of the Azure 2024 traces.
 * </ul>
 *
 * The Azure timestamps carry no zone and are read as UTC, as {@link AzureLlmTraceReader}
 * explains.
 */
public final class BundledTraces {

  /** Prefix that marks a trace reference as a bundled name rather than a path. */
  public static final String REFERENCE_PREFIX = "bundled:";

  /** Azure LLM inference trace 2023, conversation service. */
  public static final String AZURE_2023_CONVERSATION = "azure-2023-conversation";

  /** Azure LLM inference trace 2023, coding service. */
  public static final String AZURE_2023_CODE = "azure-2023-code";

  /** Electricity Maps hourly carbon intensity, California ISO, 2023. */
  public static final String ELECTRICITYMAPS_US_CAL_CISO_2023 = "electricitymaps-US-CAL-CISO-2023";

  /** Electricity Maps hourly carbon intensity, California ISO, 2024. */
  public static final String ELECTRICITYMAPS_US_CAL_CISO_2024 = "electricitymaps-US-CAL-CISO-2024";

  /** Content type of a bundled data set, which decides the reader that opens it. */
  public enum Kind {
    /** Read with {@link AzureLlmTraceReader}. */
    LLM_INFERENCE("an LLM inference trace"),
    /** Read with {@link CarbonIntensityReader}. */
    CARBON_INTENSITY("a carbon intensity series");

    private final String description;

    Kind(String description) {
      this.description = description;
    }
  }

  private record Entry(Kind kind, String resourcePath) {}

  private static final Map<String, Entry> ENTRIES = entries();

  private BundledTraces() {}

  private static Map<String, Entry> entries() {
    Map<String, Entry> entries = new LinkedHashMap<>();
    entries.put(
        AZURE_2023_CONVERSATION,
        new Entry(
            Kind.LLM_INFERENCE, "org/orrery/traces/azure2023/AzureLLMInferenceTrace_conv.csv"));
    entries.put(
        AZURE_2023_CODE,
        new Entry(
            Kind.LLM_INFERENCE, "org/orrery/traces/azure2023/AzureLLMInferenceTrace_code.csv"));
    entries.put(
        ELECTRICITYMAPS_US_CAL_CISO_2023,
        new Entry(
            Kind.CARBON_INTENSITY, "org/orrery/traces/carbon/US-CAL-CISO_2023_hourly.csv"));
    entries.put(
        ELECTRICITYMAPS_US_CAL_CISO_2024,
        new Entry(
            Kind.CARBON_INTENSITY, "org/orrery/traces/carbon/US-CAL-CISO_2024_hourly.csv"));
    return Collections.unmodifiableMap(entries);
  }

  /** Returns the bundled names of data sets of {@code kind}, without the prefix, sorted. */
  public static Set<String> names(Kind kind) {
    Set<String> names = new TreeSet<>();
    ENTRIES.forEach(
        (name, entry) -> {
          if (entry.kind() == kind) {
            names.add(name);
          }
        });
    return Collections.unmodifiableSet(names);
  }

  /**
   * Returns the kind of the bundled data set {@code name} (without the prefix).
   *
   * @throws IllegalArgumentException if no data set has that name
   */
  public static Kind kind(String name) {
    return entry(name).kind();
  }

  /**
   * Returns the source of the bundled data set {@code name}, given with or without the
   * {@code bundled:} prefix. The source is named {@code bundled:NAME} in error messages.
   *
   * @throws IllegalArgumentException if no data set has that name
   */
  public static TraceSource source(String name) {
    String bareName = name.startsWith(REFERENCE_PREFIX) ? name.substring(REFERENCE_PREFIX.length()) : name;
    return TraceSource.ofResource(REFERENCE_PREFIX + bareName, entry(bareName).resourcePath());
  }

  /**
   * Resolves a trace reference: {@code bundled:NAME} to a bundled data set, anything else to a file
   * path relative to the working directory. Whether the file exists is checked when it is opened.
   *
   * @throws IllegalArgumentException if the reference is blank, names no bundled data set, or is
   *     not a valid path
   */
  public static TraceSource resolve(String reference) {
    return resolve(reference, null);
  }

  /**
   * Resolves a trace reference like {@link #resolve(String)}, but resolves a relative path against
   * {@code baseDirectory}, for example the folder of the config file that contains the reference.
   *
   * @param baseDirectory folder for relative paths, or {@code null} for the working directory
   */
  public static TraceSource resolve(String reference, Path baseDirectory) {
    Objects.requireNonNull(reference, "reference");
    if (reference.isBlank()) {
      throw new IllegalArgumentException(
          "trace reference is empty; expected bundled:NAME (one of "
              + knownReferences()
              + ") or a file path");
    }
    if (reference.startsWith(REFERENCE_PREFIX)) {
      return source(reference);
    }
    Path path;
    try {
      path = Path.of(reference);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(
          "trace reference \"" + reference + "\" is not a valid file path (" + e.getReason()
              + "); expected bundled:NAME (one of " + knownReferences() + ") or a file path",
          e);
    }
    if (baseDirectory != null && !path.isAbsolute()) {
      path = baseDirectory.resolve(path);
    }
    return TraceSource.ofPath(path);
  }

  /**
   * Opens the LLM inference trace that {@code reference} names.
   *
   * @throws IllegalArgumentException if the reference is invalid or names a bundled data set of
   *     another kind
   * @throws IOException if the file cannot be opened
   * @throws TraceFormatException if the header is invalid
   */
  public static AzureLlmTraceReader openLlmTrace(String reference) throws IOException {
    requireKind(reference, Kind.LLM_INFERENCE);
    return AzureLlmTraceReader.open(resolve(reference));
  }

  /**
   * Opens the carbon intensity series that {@code reference} names.
   *
   * @param column the column to read from an Electricity Maps export
   * @throws IllegalArgumentException if the reference is invalid or names a bundled data set of
   *     another kind
   * @throws IOException if the file cannot be opened
   * @throws TraceFormatException if the header is invalid
   */
  public static CarbonIntensityReader openCarbonSeries(
      String reference, CarbonIntensityColumn column) throws IOException {
    requireKind(reference, Kind.CARBON_INTENSITY);
    return CarbonIntensityReader.open(resolve(reference), column);
  }

  private static void requireKind(String reference, Kind expected) {
    if (reference == null || !reference.startsWith(REFERENCE_PREFIX)) {
      return;
    }
    String name = reference.substring(REFERENCE_PREFIX.length());
    Kind actual = kind(name);
    if (actual != expected) {
      throw new IllegalArgumentException(
          reference
              + " is "
              + actual.description
              + ", but "
              + expected.description
              + " is required here; use one of "
              + withPrefix(names(expected)));
    }
  }

  private static Entry entry(String name) {
    Entry entry = ENTRIES.get(name);
    if (entry == null) {
      throw new IllegalArgumentException(
          "unknown bundled trace \"" + REFERENCE_PREFIX + name + "\"; known names are "
              + knownReferences());
    }
    return entry;
  }

  private static String knownReferences() {
    return withPrefix(new TreeSet<>(ENTRIES.keySet()));
  }

  private static String withPrefix(Set<String> names) {
    StringBuilder text = new StringBuilder();
    for (String name : names) {
      if (text.length() > 0) {
        text.append(", ");
      }
      text.append(REFERENCE_PREFIX).append(name);
    }
    return text.toString();
  }
}
