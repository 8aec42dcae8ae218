package org.orrery.experiments.config;

import java.util.List;

/**
 * A config that cannot run, with every problem found in it. Each problem names the key path (for
 * example {@code serving.instances}), the value and the fix. This is a user error: the CLI prints
 * the problems and exits with status 2, without a stack trace.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final List<String> problems;

    /** Creates the exception for {@code source} (a file name) and its problems. */
    public ConfigException(String source, List<String> problems) {
        super(format(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    public String source() {
        return source;
    }

    public List<String> problems() {
        return problems;
    }

    private static String format(String source, List<String> problems) {
        StringBuilder message = new StringBuilder();
        message.append(source).append(": ").append(problems.size())
                .append(problems.size() == 1 ? " problem" : " problems");
        for (String problem : problems) {
            message.append(System.lineSeparator()).append("  ").append(problem);
        }
        return message.toString();
    }
}
