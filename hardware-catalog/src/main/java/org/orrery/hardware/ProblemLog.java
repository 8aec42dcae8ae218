package org.orrery.hardware;

import java.util.ArrayList;
import java.util.List;

/** Collects the problems of one catalog file so that all of them are reported at once. */
final class ProblemLog {

    private final String fileName;
    private final List<String> problems = new ArrayList<>();

    ProblemLog(String fileName) {
        this.fileName = fileName;
    }

    String fileName() {
        return fileName;
    }

    /** Records a problem at {@code location}, a path such as {@code servers[0] (DGX-H100).tdp}. */
    void add(String location, String message) {
        problems.add(fileName + ": " + location + ": " + message);
    }

    int size() {
        return problems.size();
    }

    /** Throws a {@link CatalogException} listing every problem, if there is any. */
    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new CatalogException(fileName, problems);
        }
    }
}
