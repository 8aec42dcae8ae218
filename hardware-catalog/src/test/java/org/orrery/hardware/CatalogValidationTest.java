package org.orrery.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of invalid catalog file, and the problem message it must produce. */
class CatalogValidationTest {

    /** A valid catalog that the tests below break in one place each. */
    private static final String VALID = """
            sources:
              sheet: "Example data sheet, revision 1"
            accelerators:
              - name: X1
                vendor: {value: Acme, source: sheet}
                denseTensorPrecision: {value: BF16, source: sheet}
                denseTensorFlops: {value: 100 TFLOP/s, source: sheet}
                memory: {value: 16 GiB, source: sheet}
                memoryBandwidth: {value: 1000 GB/s, source: sheet}
                tdp: {value: 300 W, source: sheet}
                idlePower: {value: 30 W, assumption: true, reason: "10 % of TDP"}
                intraNodeBandwidthPerDirection: {value: 32 GB/s, source: sheet}
                price: {value: 1.00 USD/h, assumption: true, reason: "placeholder"}
                embodiedCarbon: {value: 10 kgCO2e, assumption: true, reason: "placeholder"}
                lifetime: {value: 5 years, source: sheet}
            servers:
              - name: S1
                accelerator: {value: X1, source: sheet}
                acceleratorCount: {value: 4, source: sheet}
                cpuModel: {value: Acme CPU, source: sheet}
                cpuCount: {value: 2, source: sheet}
                nicModel: {value: Acme NIC, source: sheet}
                nicCount: {value: 8, source: sheet}
                nicBandwidthPerDirection: {value: 50 GB/s, source: sheet}
                hostIdlePower: {value: 200 W, source: sheet}
                hostMaxPower: {value: 800 W, source: sheet}
                hostEmbodiedCarbon: {value: 1 tCO2e, source: sheet}
                lifetime: {value: 5 years, source: sheet}
            """;

    @TempDir
    Path dir;

    @Test
    void validFixtureLoads() throws IOException {
        HardwareCatalog catalog = HardwareCatalog.load(write(VALID));

        AcceleratorSpec x1 = catalog.accelerator("X1");
        assertThat(x1.memoryBytes()).isEqualTo(16 * 1024.0 * 1024 * 1024);
        assertThat(x1.denseTensorFlopsPerSecond()).isEqualTo(100e12);
        assertThat(x1.priceUsdPerSecond()).isEqualTo(1.00 / 3600);
        assertThat(x1.embodiedCarbonGrams()).isEqualTo(10e3);
        ServerSpec s1 = catalog.server("S1");
        assertThat(s1.maxPowerWatts()).isEqualTo(800 + 4 * 300.0);
        assertThat(s1.hostEmbodiedCarbonGrams()).isEqualTo(1e6);
        assertThat(catalog.citations()).containsEntry("sheet", "Example data sheet, revision 1");
    }

    @Test
    void missingFieldNamesKeyAndFix() throws IOException {
        String text = VALID.replace("    tdp: {value: 300 W, source: sheet}\n", "");

        assertSingleProblem(text, "accelerators[0] (X1): missing key 'tdp'; add it as 'tdp: {value: 700 W");
    }

    @Test
    void negativeValueIsRejected() throws IOException {
        String text = VALID.replace("{value: 300 W, source: sheet}", "{value: -300 W, source: sheet}");

        assertSingleProblem(text, "accelerators[0] (X1).tdp: value '-300 W' is invalid: a power must be positive, "
                + "such as '700 W'");
    }

    @Test
    void zeroIsRejectedWherePositiveRequired() throws IOException {
        String text = VALID.replace("{value: 1000 GB/s, source: sheet}", "{value: 0 GB/s, source: sheet}");

        assertSingleProblem(text, "accelerators[0] (X1).memoryBandwidth: value '0 GB/s' is invalid");
    }

    @Test
    void nonNumericValueIsRejected() throws IOException {
        String text = VALID.replace("{value: 300 W, source: sheet}", "{value: three hundred W, source: sheet}");

        assertSingleProblem(text, "accelerators[0] (X1).tdp: value 'three hundred W' is not a number followed "
                + "by a unit; write a power such as '700 W'");
    }

    @Test
    void missingUnitIsRejected() throws IOException {
        String text = VALID.replace("{value: 16 GiB, source: sheet}", "{value: 16, source: sheet}");

        assertSingleProblem(text, "accelerators[0] (X1).memory: value '16' has no unit; write a memory size "
                + "such as '80 GiB'");
    }

    @Test
    void wrongUnitIsRejected() throws IOException {
        String text = VALID.replace("{value: 300 W, source: sheet}", "{value: 300 GB, source: sheet}");

        assertSingleProblem(text, "accelerators[0] (X1).tdp: value '300 GB' has unit 'GB', which is not a unit "
                + "of a power; use one of W, kW");
    }

    @Test
    void unknownEntityKeyIsRejected() throws IOException {
        String text = VALID.replace("    tdp: {value: 300 W, source: sheet}\n",
                "    tdp: {value: 300 W, source: sheet}\n    tdpp: {value: 300 W, source: sheet}\n");

        assertSingleProblem(text, "accelerators[0] (X1): unknown key 'tdpp'; remove it or use one of: name, vendor,");
    }

    @Test
    void unknownFieldKeyIsRejected() throws IOException {
        String text = VALID.replace("{value: 300 W, source: sheet}", "{value: 300 W, sorce: sheet}");

        CatalogException error = loadFailure(text);

        assertThat(error.problems()).anySatisfy(problem -> assertThat(problem)
                .endsWith("accelerators[0] (X1).tdp: unknown key 'sorce'; remove it or use one of: value, source, "
                        + "assumption, reason, note"));
    }

    @Test
    void unknownTopLevelKeyIsRejected() throws IOException {
        String text = VALID + "gpus: []\n";

        assertSingleProblem(text, "document: unknown top-level key 'gpus'; use only sources, accelerators, servers");
    }

    @Test
    void serverWithUnknownAcceleratorIsRejected() throws IOException {
        String text = VALID.replace("accelerator: {value: X1, source: sheet}", "accelerator: {value: X9, source: sheet}");

        assertSingleProblem(text, "servers[0] (S1).accelerator: value 'X9' names no accelerator in this file; "
                + "use one of: X1");
    }

    @Test
    void serverOfInvalidAcceleratorReportsOnlyTheAccelerator() throws IOException {
        String text = VALID.replace("{value: 300 W, source: sheet}", "{value: -300 W, source: sheet}");

        assertThat(loadFailure(text).problems()).hasSize(1).allSatisfy(problem -> assertThat(problem).contains(".tdp"));
    }

    @Test
    void valueWithoutSourceIsRejected() throws IOException {
        String text = VALID.replace("{value: 300 W, source: sheet}", "{value: 300 W}");

        assertSingleProblem(text, "accelerators[0] (X1).tdp: value '300 W' has no source; add 'source: <id from "
                + "sources>', or 'assumption: true' with 'reason: <one line>'");
    }

    @Test
    void undefinedSourceIdIsRejected() throws IOException {
        String text = VALID.replace("{value: 300 W, source: sheet}", "{value: 300 W, source: sheet2}");

        assertSingleProblem(text, "accelerators[0] (X1).tdp: source 'sheet2' of value '300 W' is not defined; "
                + "add it under 'sources' or use one of: sheet");
    }

    @Test
    void assumptionWithoutReasonIsRejected() throws IOException {
        String text = VALID.replace("{value: 30 W, assumption: true, reason: \"10 % of TDP\"}",
                "{value: 30 W, assumption: true}");

        assertSingleProblem(text, "accelerators[0] (X1).idlePower: value '30 W' is an assumption without a reason; "
                + "add 'reason: <one line>'");
    }

    @Test
    void nonBooleanAssumptionIsRejected() throws IOException {
        String text = VALID.replace("{value: 30 W, assumption: true,", "{value: 30 W, assumption: maybe,");

        assertSingleProblem(text, "accelerators[0] (X1).idlePower: assumption 'maybe' is invalid: write "
                + "'assumption: true' or remove it");
    }

    @Test
    void reasonWithoutAssumptionIsRejected() throws IOException {
        String text = VALID.replace("{value: 300 W, source: sheet}", "{value: 300 W, source: sheet, reason: guess}");

        assertSingleProblem(text, "accelerators[0] (X1).tdp: value '300 W' has a reason but is not an assumption");
    }

    @Test
    void fieldWithoutMappingIsRejected() throws IOException {
        String text = VALID.replace("tdp: {value: 300 W, source: sheet}", "tdp: 300 W");

        assertSingleProblem(text, "accelerators[0] (X1).tdp: value '\"300 W\"' is not a mapping with a 'value' key; "
                + "write it as 'tdp: {value: 700 W, source: <id from sources>}'");
    }

    @Test
    void invalidPrecisionIsRejected() throws IOException {
        String text = VALID.replace("{value: BF16, source: sheet}", "{value: FP8, source: sheet}");

        assertSingleProblem(text, "accelerators[0] (X1).denseTensorPrecision: value 'FP8' is invalid: expected "
                + "one of BF16, FP16");
    }

    @Test
    void fractionalCountIsRejected() throws IOException {
        String text = VALID.replace("{value: 4, source: sheet}", "{value: 4.5, source: sheet}");

        assertSingleProblem(text, "servers[0] (S1).acceleratorCount: value '4.5' is invalid: expected a positive "
                + "whole number such as 8");
    }

    @Test
    void idleAboveTdpIsInconsistent() throws IOException {
        String text = VALID.replace("{value: 30 W, assumption: true,", "{value: 301 W, assumption: true,");

        assertSingleProblem(text, "accelerators[0] (X1): inconsistent values: idlePowerWatts (301.0) exceeds "
                + "tdpWatts (300.0)");
    }

    @Test
    void hostIdleAboveMaxIsInconsistent() throws IOException {
        String text = VALID.replace("{value: 200 W, source: sheet}", "{value: 900 W, source: sheet}");

        assertSingleProblem(text, "servers[0] (S1): inconsistent values: hostIdlePowerWatts (900.0) exceeds "
                + "hostMaxPowerWatts (800.0)");
    }

    @Test
    void duplicateNameIsRejected() throws IOException {
        String text = VALID.replace("  - name: S1", "  - name: X1");

        assertSingleProblem(text, "servers[0] (X1): name 'X1' is already used by accelerators[0] (X1); "
                + "rename one of them");
    }

    @Test
    void entryWithoutNameIsRejected() throws IOException {
        String text = VALID.replace("  - name: S1\n", "  - nme: S1\n");

        assertSingleProblem(text, "servers[0]: missing or invalid 'name' (found 'null'); add 'name: <unique text>'");
    }

    @Test
    void missingSourcesSectionIsRejected() throws IOException {
        String text = VALID.replace("sources:\n  sheet: \"Example data sheet, revision 1\"\n", "");

        CatalogException error = loadFailure(text);

        assertThat(error.problems().get(0)).endsWith("document: missing key 'sources'; add a mapping from source "
                + "id to citation text");
        assertThat(error.problems()).anySatisfy(problem -> assertThat(problem).contains("source 'sheet'"));
    }

    @Test
    void duplicateYamlKeyIsSyntaxError() throws IOException {
        String text = VALID.replace("    tdp: {value: 300 W, source: sheet}\n",
                "    tdp: {value: 300 W, source: sheet}\n    tdp: {value: 400 W, source: sheet}\n");

        CatalogException error = loadFailure(text);

        assertThat(error.problems()).singleElement().satisfies(problem -> assertThat(problem)
                .contains(": line 11, column ")
                .contains("invalid YAML: Duplicate field 'tdp'"));
    }

    @Test
    void malformedYamlNamesLine() throws IOException {
        String text = VALID.replace("    tdp: {value: 300 W, source: sheet}", "    tdp: {value: 300 W, source: sheet");

        assertThat(loadFailure(text).problems()).singleElement()
                .satisfies(problem -> assertThat(problem).matches("(?s).*: line \\d+, column \\d+: invalid YAML: .*"));
    }

    @Test
    void emptyFileIsRejected() throws IOException {
        assertSingleProblem("", "document: the file is empty; it needs the keys 'sources' and 'accelerators'");
    }

    @Test
    void listAtTopLevelIsRejected() throws IOException {
        assertSingleProblem("- a\n- b\n", "document: expected a mapping with the keys 'sources', 'accelerators' "
                + "and 'servers', but found a array");
    }

    @Test
    void missingFileIsRejected() {
        Path missing = dir.resolve("absent.yaml");

        assertThatThrownBy(() -> HardwareCatalog.load(missing))
                .isInstanceOf(CatalogException.class)
                .hasMessage("Hardware catalog file " + missing + " not found; check the path");
    }

    @Test
    void allProblemsAreReportedAtOnce() throws IOException {
        String text = VALID
                .replace("{value: 300 W, source: sheet}", "{value: -300 W, source: sheet}")
                .replace("{value: 16 GiB, source: sheet}", "{value: 16, source: sheet}")
                .replace("    lifetime: {value: 5 years, source: sheet}\nservers:", "servers:")
                .replace("{value: 2, source: sheet}", "{value: 2}");

        CatalogException error = loadFailure(text);

        assertThat(error.problems()).hasSize(4);
        assertThat(error.getMessage()).startsWith("Invalid hardware catalog " + dir.resolve("catalog.yaml")
                + " (4 problems):\n  - ");
        assertThat(error.getMessage()).contains("(X1).memory:", "(X1).tdp:", "(X1): missing key 'lifetime'",
                "(S1).cpuCount:");
    }

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("catalog.yaml"), text, StandardCharsets.UTF_8);
    }

    private CatalogException loadFailure(String text) throws IOException {
        Path file = write(text);
        CatalogException error = catchThrowableOfType(CatalogException.class, () -> HardwareCatalog.load(file));
        assertThat(error).as("loading should fail").isNotNull();
        assertThat(error.problems()).allSatisfy(problem -> assertThat(problem).startsWith(file + ": "));
        return error;
    }

    private void assertSingleProblem(String text, String expectedAfterFileName) throws IOException {
        CatalogException error = loadFailure(text);

        assertThat(error.problems()).singleElement()
                .satisfies(problem -> assertThat(problem).startsWith(dir.resolve("catalog.yaml") + ": "
                        + expectedAfterFileName));
    }
}
