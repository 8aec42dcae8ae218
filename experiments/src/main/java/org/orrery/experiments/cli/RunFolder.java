package org.orrery.experiments.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.orrery.experiments.output.ResultWriter;
import org.orrery.experiments.sweep.AtomicFiles;
import org.orrery.experiments.sweep.SweepManifest;
import org.orrery.experiments.sweep.SweepTables;

/**
 * The result folder of {@code orrery run}. A run writes into a hidden staging folder inside it,
 * {@value #STAGING}, and {@link #publish()} moves the files into place only when the run has
 * succeeded. A failed run therefore leaves the folder as it was.
 *
 * <p>A folder that contains result files of an earlier run is rejected unless {@code overwrite}
 * is set. With it, {@link #publish()} replaces those files and deletes the ones the new run did
 * not write, such as the figures of a run that drew them when the new run draws none. Only the
 * file names a run writes ({@link ResultWriter#RESULT_FILES} and the figures) are ever deleted,
 * so other files in the folder are kept.
 */
final class RunFolder {
    /** Name of the staging folder. A killed run leaves it behind, and the next run into the folder deletes it. */
    static final String STAGING = ".run.partial";

    /** Levels between a sweep folder and its runs' folders: {@code scenario=<id>/seed=<n>}. */
    private static final int SWEEP_DEPTH = 2;

    private final Path directory;
    private final Path staging;
    private final boolean created;

    private RunFolder(Path directory, boolean created) {
        this.directory = directory;
        this.staging = directory.resolve(STAGING);
        this.created = created;
    }

    /**
     * Checks {@code directory} and creates it with an empty staging folder.
     *
     * @throws UserInputException when the folder contains a sweep, lies inside one, or contains
     *     an earlier run and {@code overwrite} is false
     * @throws IOException when the folder cannot be created or read
     */
    static RunFolder prepare(Path directory, boolean overwrite) throws IOException {
        checkNotInsideSweep(directory);
        if (Files.isDirectory(directory)) {
            checkNotSweep(directory);
            List<String> earlier = earlierRunFiles(directory);
            if (!earlier.isEmpty() && !overwrite) {
                throw new UserInputException(directory + " already contains the results of an earlier run ("
                        + describe(earlier) + "): pass --overwrite to replace them, or choose another folder with --out");
            }
        }
        boolean created = !Files.exists(directory);
        Files.createDirectories(directory);
        RunFolder folder = new RunFolder(directory, created);
        AtomicFiles.deleteRecursively(folder.staging);
        Files.createDirectory(folder.staging);
        return folder;
    }

    /** Returns the folder the run writes into until {@link #publish()}. */
    Path staging() {
        return staging;
    }

    /**
     * Moves the staged files into the result folder. Each move is a rename that replaces the
     * earlier run's file of the same name, atomic where the file system allows it. Then deletes the
     * earlier run's files that the new run did not write, and the staging folder.
     *
     * <p>NOTE: the folder as a whole is not replaced atomically. When a rename fails halfway, the
     * folder contains some files of each run, and the command reports the failure.
     */
    void publish() throws IOException {
        List<String> staged;
        try (Stream<Path> files = Files.walk(staging)) {
            staged = files.filter(Files::isRegularFile)
                    .map(file -> staging.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/"))
                    .toList();
        }
        for (String name : staged) {
            Path target = directory.resolve(name);
            Files.createDirectories(target.getParent());
            AtomicFiles.move(staging.resolve(name), target);
        }
        for (String name : runFileNames()) {
            if (!staged.contains(name)) {
                Files.deleteIfExists(directory.resolve(name));
            }
        }
        Path figures = directory.resolve(ResultWriter.FIGURES_FOLDER);
        if (Files.isDirectory(figures) && isEmpty(figures)) {
            Files.delete(figures);
        }
        AtomicFiles.deleteRecursively(staging);
    }

    /**
     * Deletes the staging folder after a failed run, and the result folder too when this run
     * created it and it is empty.
     */
    void discard() throws IOException {
        AtomicFiles.deleteRecursively(staging);
        if (created && isEmpty(directory)) {
            Files.delete(directory);
        }
    }

    /** Returns the paths, relative to the result folder, of every file a run may write. */
    static List<String> runFileNames() {
        List<String> names = new ArrayList<>(ResultWriter.RESULT_FILES);
        for (String figure : ResultWriter.FIGURES) {
            for (String extension : ResultWriter.FIGURE_EXTENSIONS) {
                names.add(ResultWriter.FIGURES_FOLDER + "/" + figure + "." + extension);
            }
        }
        return names;
    }

    private static List<String> earlierRunFiles(Path directory) {
        return runFileNames().stream().filter(name -> Files.exists(directory.resolve(name))).toList();
    }

    private static void checkNotSweep(Path directory) {
        for (String file : List.of(SweepManifest.FILE, SweepTables.SCENARIOS_FILE)) {
            if (Files.exists(directory.resolve(file))) {
                throw new UserInputException(directory + " contains a sweep (" + file + "): choose another folder "
                        + "with --out, so that the run's files do not mix with the sweep's");
            }
        }
    }

    /**
     * Rejects a folder up to {@value #SWEEP_DEPTH} levels below a sweep folder, such as a sweep's
     * {@code scenario=<id>/seed=<n>} run. A run written there would replace the sweep's own run,
     * and {@code sweep --resume} would take it as finished.
     */
    private static void checkNotInsideSweep(Path directory) {
        Path ancestor = directory.toAbsolutePath().normalize().getParent();
        for (int level = 1; level <= SWEEP_DEPTH && ancestor != null; level++) {
            if (Files.exists(ancestor.resolve(SweepManifest.FILE))) {
                throw new UserInputException(directory + " is inside the sweep in " + ancestor + " (it contains "
                        + SweepManifest.FILE + "): choose a folder outside the sweep with --out. To rerun one of the "
                        + "sweep's runs, delete its folder and run orrery sweep with --out " + ancestor + " --resume");
            }
            ancestor = ancestor.getParent();
        }
    }

    private static String describe(List<String> names) {
        int listedCount = Math.min(names.size(), 4);
        String listed = String.join(", ", names.subList(0, listedCount));
        return names.size() > listedCount ? listed + " and " + (names.size() - listedCount) + " more" : listed;
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        }
    }
}
