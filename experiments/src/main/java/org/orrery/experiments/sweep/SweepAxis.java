package org.orrery.experiments.sweep;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One axis of a sweep: the config keys it sets and the points it takes. A plain axis sets one key;
 * a zipped or sampled axis sets several keys together, so each point has one value per key.
 *
 * @param label where the axis is defined, for messages (for example {@code axes[1]})
 * @param keys config key paths in the {@code --set} syntax, such as {@code cluster.nodes[0].count}
 * @param points the values of every point, each list aligned with {@code keys}
 */
public record SweepAxis(String label, List<String> keys, List<List<JsonNode>> points) {
    public SweepAxis {
        keys = List.copyOf(keys);
        points = points.stream().map(List::copyOf).toList();
    }
}
