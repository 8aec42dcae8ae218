package org.orrery.experiments.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes files and folders under a temporary name in the same folder, then renames them into place,
 * so that a reader (or a resumed sweep) finds either the whole result or none of it.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes {@code text} to {@code file} atomically, replacing any previous file. */
    public static void writeString(Path file, String text) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = temporaryFile(directory, file);
        try {
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            move(temporary, file);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Creates an empty hidden file next to {@code file} to write it under. The file is readable by
     * everyone (rw-r--r--) where the file system has POSIX permissions, like a file that {@code
     * Files.writeString} creates under the usual umask, so that other users of a shared results
     * folder can read the tables; {@code Files.createTempFile} alone would make it owner-only.
     */
    public static Path temporaryFile(Path directory, Path file) throws IOException {
        String prefix = "." + file.getFileName();
        if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return Files.createTempFile(directory, prefix, ".partial",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        }
        return Files.createTempFile(directory, prefix, ".partial");
    }

    /** Deletes the temporary files of {@code file} that {@link #temporaryFile} made and no rename removed. */
    public static void deleteTemporaryFiles(Path directory, Path file) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(directory,
                "." + file.getFileName() + "*.partial")) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    /** Renames {@code source} to {@code target} atomically, replacing a file at the target. */
    public static void move(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // NOTE: a file system without atomic rename (some network mounts) falls back to a plain
            // rename, so a crash at this moment may leave a partly renamed folder behind.
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes a file or a folder with everything in it; does nothing when it is absent. */
    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException error) throws IOException {
                if (error != null) {
                    throw error;
                }
                Files.delete(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
