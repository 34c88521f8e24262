package io.qiaoqiao.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What this jar was built from: the project version and the git revision, as the build wrote
 * them into {@code /qiaoqiao-build.properties}. "unknown" for what the build could not tell
 * (a build outside a git checkout, or classes run without the resource).
 */
public record BuildInfo(String version, String revision) {
    public static final String RESOURCE = "/qiaoqiao-build.properties";
    private static final String UNKNOWN = "unknown";

    /** This jar's build. */
    public static BuildInfo current() {
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return new BuildInfo(UNKNOWN, UNKNOWN);
            }
            Properties p = new Properties();
            p.load(in);
            return from(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** From the resource's properties ({@code version}, {@code revision}). */
    static BuildInfo from(Properties p) {
        return new BuildInfo(known(p.getProperty("version")), known(p.getProperty("revision")));
    }

    // An unfiltered placeholder (${...}) or a blank value means the build did not know.
    private static String known(String value) {
        return value == null || value.isBlank() || value.contains("${") ? UNKNOWN : value.strip();
    }
}
