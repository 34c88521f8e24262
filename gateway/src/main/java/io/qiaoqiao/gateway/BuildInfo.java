package io.qiaoqiao.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version and source revision this jar was built from, written by the build into
 * {@code qiaoqiao-build.properties} and {@code qiaoqiao-revision.properties} ({@code unknown}
 * when it was built outside a git checkout, or by a tool that does not run those steps).
 *
 * @param version  the Maven project version, e.g. {@code 0.1.0-SNAPSHOT}
 * @param revision the abbreviated git commit the build ran on
 */
public record BuildInfo(String version, String revision) {
    private static final String VERSION = "/qiaoqiao-build.properties";
    private static final String REVISION = "/qiaoqiao-revision.properties";
    static final String UNKNOWN = "unknown";

    /** What the running jar says about itself. */
    public static BuildInfo current() {
        Properties both = read(VERSION);
        both.putAll(read(REVISION));
        return from(both);
    }

    /** From the build's properties ({@code version}, {@code revision}); what is missing reads "unknown". */
    static BuildInfo from(Properties p) {
        return new BuildInfo(known(p.getProperty("version")), known(p.getProperty("revision")));
    }

    private static Properties read(String resource) {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(resource)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // unreadable: the values stay unknown
        }
        return p;
    }

    /** A value the build did not fill in is still "${...}". */
    private static String known(String value) {
        return value == null || value.isBlank() || value.contains("${") ? UNKNOWN : value.strip();
    }

    /** One line for {@code --version}. */
    public String describe() {
        return "qiaoqiao-gateway " + version + " (revision " + revision + ")";
    }
}
