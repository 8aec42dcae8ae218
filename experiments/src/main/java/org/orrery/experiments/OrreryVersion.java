package org.orrery.experiments;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The Orrery version, read from {@code version.properties}, which Maven fills in at build time. */
public final class OrreryVersion {
    private static final String RESOURCE = "/org/orrery/experiments/version.properties";

    private OrreryVersion() {
    }

    /** Returns the version, or {@code unknown} if the resource is missing. */
    public static String get() {
        try (InputStream in = OrreryVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
