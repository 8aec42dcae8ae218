package org.orrery.hardware;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * Invalid hardware catalog file, or a lookup of a name that the catalog does not contain.
 *
 * <p>A file error lists every problem found in the file at once. Each problem names the file, the
 * entity and key (as a path such as {@code accelerators[3] (H100-SXM5-80GB).tdp}), the value, what
 * was expected and how to fix it. Both kinds are user errors, so the class extends {@link
 * IllegalArgumentException}.
 */
public final class CatalogException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final ImmutableList<String> problems;

    /** Creates an exception for a single problem, such as an unknown name in a lookup. */
    public CatalogException(String problem) {
        super(problem);
        this.problems = ImmutableList.of(problem);
    }

    /** Creates an exception listing every problem found in {@code fileName}. */
    public CatalogException(String fileName, List<String> problems) {
        super(summarize(fileName, problems));
        this.problems = ImmutableList.copyOf(problems);
    }

    /** Returns the problems, one message each, in the order they were found. */
    public List<String> problems() {
        return problems;
    }

    private static String summarize(String fileName, List<String> problems) {
        String count = problems.size() == 1 ? "1 problem" : problems.size() + " problems";
        return "Invalid hardware catalog " + fileName + " (" + count + "):\n  - "
                + String.join("\n  - ", problems);
    }
}
