package org.orrery.experiments.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orrery.experiments.config.ConfigException;
import org.orrery.experiments.config.ConfigLoader;

class SweepSpecTest {
    static final String BASE = """
            cluster:
              nodes:
                - server: DGX-H100-80GB
                  count: 1
            model: Llama-3.1-8B
            serving:
              instances: 2
            trace:
              path: bundled:azure-2023-code
              max_requests: 100
            carbon:
              intensity: 400
            output:
              figures: false
            """;

    @TempDir
    Path folder;

    @BeforeEach
    void writeBase() throws Exception {
        Files.writeString(folder.resolve("base.yaml"), BASE);
    }

    private SweepSpec parse(String text) {
        return SweepSpec.parse("sweep.yaml", text, folder.resolve("sweep.yaml"));
    }

    private List<String> problems(String text) {
        return catchThrowableOfType(ConfigException.class, () -> parse(text)).problems();
    }

    @Test
    void productOfValuesAndRange() {
        SweepPlan plan = SweepPlan.expand(parse("""
                base: base.yaml
                axes:
                  - key: serving.instances
                    values: [1, 2]
                  - key: serving.max_running_sequences
                    range: {from: 32, to: 96, step: 32}
                """));

        // 2 values x (32, 64, 96) = 6 scenarios, first axis slowest; one seed by default.
        assertThat(plan.scenarios()).hasSize(6);
        assertThat(plan.runs()).hasSize(6);
        assertThat(plan.scenarios().get(0).id()).isEqualTo("000");
        assertThat(plan.scenarios().get(0).assignments()).containsExactly(
                java.util.Map.entry("serving.instances", "1"), java.util.Map.entry("serving.max_running_sequences", "32"));
        assertThat(plan.scenarios().get(5).assignments()).containsEntry("serving.instances", "2")
                .containsEntry("serving.max_running_sequences", "96");
        assertThat(plan.scenarios().get(1).overrides()).containsExactly("serving.instances=1",
                "serving.max_running_sequences=64");
    }

    @Test
    void rangeWithCount() {
        SweepSpec spec = parse("""
                base: base.yaml
                axes:
                  - key: power.pue
                    range: {from: 1.0, to: 1.5, count: 3}
                """);

        assertThat(spec.axes().get(0).points()).extracting(point -> point.get(0).asDouble())
                .containsExactly(1.0, 1.25, 1.5);
    }

    @Test
    void decimalStepsLandOnTheirValues() {
        // In binary floating point 1.1 + 4 * 0.1 is 1.5000000000000002; the range keeps 1.5.
        SweepSpec spec = parse("""
                base: base.yaml
                axes:
                  - key: power.pue
                    range: {from: 1.1, to: 1.5, step: 0.1}
                """);

        assertThat(spec.axes().get(0).points()).extracting(point -> point.get(0).asDouble())
                .containsExactly(1.1, 1.2, 1.3, 1.4, 1.5);
    }

    @Test
    void zippedKeysMoveTogether() {
        SweepPlan plan = SweepPlan.expand(parse("""
                base: base.yaml
                seeds: [3, 9]
                set:
                  trace.max_requests: 50
                axes:
                  - zip:
                      - key: cluster.nodes[0].count
                        values: [1, 2]
                      - {key: serving.instances, values: [2, 4]}
                """));

        assertThat(plan.scenarios()).hasSize(2);
        assertThat(plan.scenarios().get(1).overrides()).containsExactly("trace.max_requests=50",
                "cluster.nodes[0].count=2", "serving.instances=4");
        assertThat(plan.runs()).extracting(RunTask::seed).containsExactly(3L, 9L, 3L, 9L);
    }

    @Test
    void samplesAreSeededAndInBounds() {
        String text = """
                base: base.yaml
                axes:
                  - sample:
                      count: 20
                      seed: 11
                      keys:
                        - {key: power.pue, uniform: [1.1, 1.5]}
                        - {key: serving.max_running_sequences, integers: [8, 12]}
                        - {key: serving.router, choice: [round-robin, least-outstanding-tokens]}
                        - {key: serving.gpu_memory_utilization, log_uniform: [0.5, 0.9]}
                """;

        SweepSpec first = parse(text);
        SweepSpec second = parse(text);

        assertThat(first.axes()).isEqualTo(second.axes());
        assertThat(first.axes().get(0).points()).hasSize(20).allSatisfy(point -> {
            assertThat(point.get(0).asDouble()).isBetween(1.1, 1.5);
            assertThat(point.get(1).isIntegralNumber()).isTrue();
            assertThat(point.get(1).asLong()).isBetween(8L, 12L);
            assertThat(point.get(2).asText()).isIn("round-robin", "least-outstanding-tokens");
            assertThat(point.get(3).asDouble()).isBetween(0.5, 0.9);
        });
    }

    @Test
    void textValuesStayText() {
        SweepPlan plan = SweepPlan.expand(parse("""
                base: base.yaml
                axes:
                  - key: output.timeseries_interval_s
                    values: ["30 s", 2 min]
                """));

        assertThat(plan.scenarios().get(0).overrides()).containsExactly("output.timeseries_interval_s=\"30 s\"");
        assertThat(plan.scenarios().get(1).assignments()).containsEntry("output.timeseries_interval_s", "2 min");
        plan.validate(ConfigLoader.bundled());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        List<String> problems = problems("""
                base: missing.yaml
                seeds: 0
                colour: blue
                set:
                  power.pue: 1.3
                axes:
                  - key: serving.instances
                  - zip:
                      - {key: a.b, values: [1, 2]}
                      - {key: c.d, values: [1]}
                  - key: serving.max_running_sequences
                    range: {from: 1, to: 2, step: -1}
                  - key: power.pue
                    values: [1.1]
                  - sample: {count: 2, keys: [{key: x.y, uniform: [2, 1]}]}
                """);

        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("base: file 'missing.yaml' not found"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("seeds: value 0 is out of range"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("colour: unknown key"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("axes[0].values: missing"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("axes[1].zip[1].values: has 1 values"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("axes[2].range.step: step -1.0 never reaches"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("axes[3]: key power.pue is also set by set"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("axes[4].sample.keys[0].uniform: expected [low, high]"));
    }

    @Test
    void rangeNeedsStepOrCount() {
        assertThat(problems("""
                base: base.yaml
                axes:
                  - key: power.pue
                    range: {from: 1, to: 2}
                """)).singleElement().satisfies(p -> assertThat(p).startsWith("axes[0].range.step: missing"));
    }

    @Test
    void seedsListMustBeDistinct() {
        assertThat(problems("""
                base: base.yaml
                seeds: [1, 1]
                """)).singleElement().satisfies(p -> assertThat(p).contains("seed 1 is listed twice"));
    }

    @Test
    void scenarioProblemsNameTheScenario() {
        SweepPlan plan = SweepPlan.expand(parse("""
                base: base.yaml
                axes:
                  - key: serving.instances
                    values: [1, 0, 9]
                """));

        List<String> problems = catchThrowableOfType(ConfigException.class,
                () -> plan.validate(ConfigLoader.bundled())).problems();

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).startsWith("scenario 001 (serving.instances=0): serving.instances: value 0 is out of range");
        assertThat(problems.get(1)).startsWith("scenario 002 (serving.instances=9): serving.instances: 9 instances");
    }

    @Test
    void misspelledSweepKeyGetsSuggestion() {
        List<String> problems = problems("""
                base: base.yaml
                axis:
                  - key: serving.instances
                    values: [1, 2]
                """);

        assertThat(problems).singleElement().satisfies(p -> assertThat(p)
                .startsWith("axis: unknown key: did you mean axes? Expected one of axes, base"));
    }

    @Test
    void misspelledAxisFieldGetsSuggestion() {
        List<String> problems = problems("""
                base: base.yaml
                axes:
                  - key: serving.instances
                    value: [1, 2]
                """);

        assertThat(problems).anySatisfy(p -> assertThat(p)
                .startsWith("axes[0].value: unknown key: did you mean axes[0].values?"));
    }

    @Test
    void misspelledAxisKeyGetsSuggestion() {
        SweepPlan plan = SweepPlan.expand(parse("""
                base: base.yaml
                axes:
                  - key: serving.instnces
                    values: [1]
                """));

        List<String> problems = catchThrowableOfType(ConfigException.class,
                () -> plan.validate(ConfigLoader.bundled())).problems();

        assertThat(problems).singleElement().satisfies(p -> assertThat(p).startsWith(
                "scenario 000 (serving.instnces=1): serving.instnces: unknown key: did you mean serving.instances?"));
    }

    @Test
    void sharedAxisKeyTypoIsReportedOnce() {
        SweepPlan plan = SweepPlan.expand(parse("""
                base: base.yaml
                axes:
                  - key: serving.instnces
                    values: [1, 2, 3]
                """));

        List<String> problems = validationProblems(plan);

        assertThat(problems).singleElement().satisfies(p -> assertThat(p).startsWith(
                "every scenario (3): serving.instnces: unknown key: did you mean serving.instances?"));
    }

    /** The invalid count 0 is the first value of the slowest axis, so scenarios 000 to 011 share its problem. */
    @Test
    void sharedProblemListsTenScenarioIds() {
        SweepPlan plan = SweepPlan.expand(parse("""
                base: base.yaml
                axes:
                  - key: serving.instances
                    values: [0, 1]
                  - key: output.timeseries_interval_s
                    range: {from: 10, to: 120, step: 10}
                """));

        List<String> problems = validationProblems(plan);

        assertThat(plan.scenarios()).hasSize(24);
        assertThat(problems).singleElement().satisfies(p -> assertThat(p).startsWith(
                "scenarios 000, 001, 002, 003, 004, 005, 006, 007, 008, 009 and 2 more: serving.instances: "
                        + "value 0 is out of range"));
    }

    @Test
    void baseProblemIsReportedOnce() {
        SweepPlan plan = SweepPlan.expand(parse("""
                base: base.yaml
                set:
                  serving.colour: blue
                axes:
                  - key: serving.instances
                    values: [1, 2]
                """));

        List<String> problems = catchThrowableOfType(ConfigException.class,
                () -> plan.validate(ConfigLoader.bundled())).problems();

        assertThat(problems).singleElement().satisfies(p -> assertThat(p)
                .startsWith("base base.yaml: serving.colour: unknown key"));
    }

    /** Returns the problems that validating {@code plan} against the bundled catalogs reports. */
    private static List<String> validationProblems(SweepPlan plan) {
        return catchThrowableOfType(ConfigException.class, () -> plan.validate(ConfigLoader.bundled())).problems();
    }
}
