package org.orrery.traces;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A named place a trace can be read from: a file or a resource bundled in this module. The name
 * appears in every {@link TraceFormatException}, so it is the path as the user gave it or the
 * reference {@code bundled:NAME}.
 *
 * <p>Text is decoded as UTF-8, and bytes that are not valid UTF-8 raise an exception instead of
 * turning into replacement characters. Each call to {@link #openReader()} opens a fresh reader.
 */
public final class TraceSource {

  /** Buffer size of the readers this class opens; large buffers cut read calls on big traces. */
  private static final int BUFFER_CHARS = 1 << 16;

  private final String name;
  private final StreamOpener opener;

  @FunctionalInterface
  private interface StreamOpener {
    InputStream open() throws IOException;
  }

  private TraceSource(String name, StreamOpener opener) {
    this.name = name;
    this.opener = opener;
  }

  /** Creates a source that reads the file at {@code path}, named by the path as given. */
  public static TraceSource ofPath(Path path) {
    Objects.requireNonNull(path, "path");
    return new TraceSource(path.toString(), () -> Files.newInputStream(path));
  }

  /**
   * Creates a source for a class path resource.
   *
   * @param name the name used in error messages, for example {@code bundled:azure-2023-code}
   * @param resourcePath absolute resource path without a leading slash
   */
  static TraceSource ofResource(String name, String resourcePath) {
    return new TraceSource(
        name,
        () -> {
          InputStream stream = TraceSource.class.getClassLoader().getResourceAsStream(resourcePath);
          if (stream == null) {
            throw new FileNotFoundException(
                "bundled resource " + resourcePath + " for " + name + " is missing from the class"
                    + " path; the traces jar is incomplete, so rebuild it with mvn install");
          }
          return stream;
        });
  }

  /** File path or {@code bundled:NAME} reference of this source. */
  public String name() {
    return name;
  }

  /**
   * Opens a buffered UTF-8 reader on the source. The caller closes it.
   *
   * @throws IOException if the file does not exist or cannot be opened
   */
  public BufferedReader openReader() throws IOException {
    InputStream stream = opener.open();
    return new BufferedReader(
        new InputStreamReader(stream, StandardCharsets.UTF_8.newDecoder()), BUFFER_CHARS);
  }

  @Override
  public String toString() {
    return name;
  }
}
