package org.orrery.experiments.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import org.orrery.experiments.config.ConfigNode;

/**
 * The distribution one key of a sampled axis draws from: {@code uniform: [low, high]} (real),
 * {@code log_uniform: [low, high]} (real, uniform in the logarithm, both bounds positive),
 * {@code integers: [low, high]} (whole numbers, both bounds included) or {@code choice: [a, b, ...]}.
 */
interface Distribution {
    List<String> KINDS = List.of("uniform", "log_uniform", "integers", "choice");

    /** Draws one value. */
    JsonNode draw(SplittableRandom random);

    /** Reads the one distribution key of {@code node}; returns null after recording a problem. */
    static Distribution read(ConfigNode node) {
        List<String> present = new ArrayList<>();
        for (String kind : KINDS) {
            if (node.has(kind)) {
                present.add(kind);
            }
        }
        if (present.size() != 1) {
            node.problem(present.isEmpty() ? "uniform" : present.get(1), (present.isEmpty() ? "missing: give "
                    : "give only one of ") + "uniform: [low, high], log_uniform: [low, high], "
                    + "integers: [low, high] or choice: [values]");
            return null;
        }
        String kind = present.get(0);
        JsonNode value = node.raw(kind);
        if (kind.equals("choice")) {
            if (!value.isArray() || value.isEmpty()) {
                node.problem(kind, "expected a non-empty list of values to choose from");
                return null;
            }
            List<JsonNode> options = new ArrayList<>();
            value.forEach(options::add);
            return random -> options.get(random.nextInt(options.size()));
        }
        if (!value.isArray() || value.size() != 2 || !value.get(0).isNumber() || !value.get(1).isNumber()
                || value.get(0).asDouble() > value.get(1).asDouble()) {
            node.problem(kind, "expected [low, high] with two numbers and low <= high, got " + value);
            return null;
        }
        double low = value.get(0).asDouble();
        double high = value.get(1).asDouble();
        return switch (kind) {
            case "uniform" -> random -> JsonNodeFactory.instance.numberNode(low + (high - low) * random.nextDouble());
            case "log_uniform" -> {
                if (low <= 0) {
                    node.problem(kind, "low bound " + low + " is not positive: a log-uniform range needs low > 0");
                    yield null;
                }
                double logLow = Math.log(low);
                double logHigh = Math.log(high);
                yield random -> JsonNodeFactory.instance.numberNode(
                        Math.exp(logLow + (logHigh - logLow) * random.nextDouble()));
            }
            default -> {
                if (low != Math.rint(low) || high != Math.rint(high)) {
                    node.problem(kind, "expected whole-number bounds, got " + value);
                    yield null;
                }
                long first = (long) low;
                long last = (long) high;
                yield random -> JsonNodeFactory.instance.numberNode(first + random.nextLong(last - first + 1));
            }
        };
    }
}
