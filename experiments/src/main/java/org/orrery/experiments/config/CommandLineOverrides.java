package org.orrery.experiments.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Attribution of config problems to the {@code --set key=value} arguments that caused them. The
 * loader reports a problem at its key path, as if the value came from the file, so a command
 * rewrites each problem at a key that an override set to name that {@code --set} argument.
 */
public final class CommandLineOverrides {
    private static final String OPTION = "--set ";

    private CommandLineOverrides() {
    }

    /**
     * Returns {@code error} with every problem at a key path that one of {@code overrides} set, or
     * inside the value it set, prefixed with that {@code --set} argument in place of the path:
     * {@code serving.instances: invalid value 'abc'} becomes {@code --set serving.instances=abc:
     * invalid value 'abc'}. When several overrides set the same key, the last one is named, because
     * its value is the one that applied. Other problems are kept as they are.
     */
    public static ConfigException attribute(ConfigException error, List<String> overrides) {
        if (overrides.isEmpty()) {
            return error;
        }
        List<String> problems = new ArrayList<>();
        boolean changed = false;
        for (String problem : error.problems()) {
            String attributed = attribute(problem, overrides);
            changed |= !attributed.equals(problem);
            problems.add(attributed);
        }
        return changed ? new ConfigException(error.source(), problems) : error;
    }

    private static String attribute(String problem, List<String> overrides) {
        if (problem.startsWith(OPTION)) {
            return problem;
        }
        for (int i = overrides.size() - 1; i >= 0; i--) {
            String override = overrides.get(i);
            int equals = override.indexOf('=');
            if (equals <= 0) {
                continue;
            }
            String path = override.substring(0, equals).trim();
            if (problem.startsWith(path + ": ")) {
                return OPTION + override + problem.substring(path.length());
            }
            if (problem.startsWith(path + ".") || problem.startsWith(path + "[")) {
                return OPTION + override + ": " + problem;
            }
        }
        return problem;
    }
}
