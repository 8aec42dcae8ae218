package org.orrery.experiments.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class CommandLineOverridesTest {
    private static ConfigException attribute(List<String> problems, List<String> overrides) {
        return CommandLineOverrides.attribute(new ConfigException("base.yaml", problems), overrides);
    }

    @Test
    void problemAtSetKeyNamesArgument() {
        ConfigException error = attribute(List.of("serving.instances: invalid value 'abc': expected a whole number"),
                List.of("serving.instances=abc"));

        assertThat(error.problems()).containsExactly(
                "--set serving.instances=abc: invalid value 'abc': expected a whole number");
        assertThat(error.source()).isEqualTo("base.yaml");
    }

    @Test
    void problemInsideSetValueKeepsPath() {
        ConfigException error = attribute(List.of("cluster.nodes[0].server: unknown server 'X'",
                "serving.performance.model: invalid value 'y'"),
                List.of("cluster.nodes[0]={server: X}", "serving.performance={model: y}"));

        assertThat(error.problems()).containsExactly(
                "--set cluster.nodes[0]={server: X}: cluster.nodes[0].server: unknown server 'X'",
                "--set serving.performance={model: y}: serving.performance.model: invalid value 'y'");
    }

    @Test
    void lastOverrideOfKeyIsNamed() {
        ConfigException error = attribute(List.of("power.pue: value 0.5 is out of range"),
                List.of("power.pue=2", "power.pue=0.5"));

        assertThat(error.problems()).containsExactly("--set power.pue=0.5: value 0.5 is out of range");
    }

    @Test
    void fileProblemsStayUnchanged() {
        List<String> problems = List.of("serving.instances_extra: unknown key", "power.pue: value 0.5 is out of range",
                "--set x: expected key.path=value, for example serving.instances=8");

        ConfigException error = attribute(problems, List.of("serving.instances=2", "power.pue_x=1", "x"));

        assertThat(error.problems()).containsExactlyElementsOf(problems);
    }
}
