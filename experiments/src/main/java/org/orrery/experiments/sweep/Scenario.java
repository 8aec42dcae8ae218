package org.orrery.experiments.sweep;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One point of a sweep: the base config with a set of overrides. {@code assignments} contains the
 * values the axes chose, as YAML text in the {@code --set} syntax; {@code overrides} adds the
 * sweep's fixed {@code set} entries in front of them.
 *
 * @param id the folder name part, {@code scenario=<id>}: the zero-padded index in expansion order
 * @param assignments axis key path to the value text, in axis order
 * @param overrides every {@code key=value} override applied to the base config
 */
public record Scenario(String id, Map<String, String> assignments, List<String> overrides) implements Serializable {
    private static final long serialVersionUID = 1L;

    public Scenario {
        assignments = new LinkedHashMap<>(assignments);
        overrides = new ArrayList<>(overrides);
    }

    /** Returns the assignments as {@code key=value, ...}, for messages. */
    public String describe() {
        if (assignments.isEmpty()) {
            return "scenario " + id;
        }
        List<String> parts = new ArrayList<>();
        assignments.forEach((key, value) -> parts.add(key + "=" + value));
        return "scenario " + id + " (" + String.join(", ", parts) + ")";
    }
}
