package io.qiaoqiao.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version and source revision this jar was built from, written into
 * {@code qiaoqiao-build.properties} by the build ({@code unknown} when it was built outside a
 * git checkout or the resource is missing, as in an IDE that does not filter resources).
 *
 * @param version  the Maven project version, e.g. {@code 0.1.0-SNAPSHOT}
 * @param revision the abbreviated git commit the build ran on
 */
public record BuildInfo(String version, String revision) {
    private static final String RESOURCE = "/qiaoqiao-build.properties";
    static final String UNKNOWN = "unknown";

    /** What the running jar says about itself. */
    public static BuildInfo current() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return new BuildInfo(UNKNOWN, UNKNOWN);
        }
        return new BuildInfo(known(p.getProperty("version")), known(p.getProperty("revision")));
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
