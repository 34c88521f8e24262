package io.qiaoqiao.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.qiaoqiao.gateway.metrics.GatewayMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The build resource and the qiaoqiao_build_info gauge made from it. */
class BuildInfoTest {
    /** The project version as the parent pom declares it (read from the file, not from the build). */
    private static String pomVersion() throws Exception {
        Matcher m = Pattern.compile("<artifactId>qiaoqiao-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("..", "pom.xml")));
        assertTrue(m.find(), "the parent pom declares its version");
        return m.group(1);
    }

    @Test
    void the_build_wrote_the_project_version_and_a_git_revision() throws Exception {
        BuildInfo build = BuildInfo.current();
        assertEquals(pomVersion(), build.version());
        assertTrue(build.revision().matches("[0-9a-f]{12}|unknown"), build.revision());
    }

    @Test
    void what_the_build_could_not_tell_is_unknown() {
        Properties unfiltered = new Properties();
        unfiltered.setProperty("version", "0.1.0");
        unfiltered.setProperty("revision", "${revision}");
        assertEquals(new BuildInfo("0.1.0", "unknown"), BuildInfo.from(unfiltered));
        assertEquals(new BuildInfo("unknown", "unknown"), BuildInfo.from(new Properties()));
    }

    @Test
    void the_gauge_is_one_with_the_version_and_revision_as_labels() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new GatewayMetrics(registry);
        BuildInfo build = BuildInfo.current();
        assertEquals(1.0, registry.get("qiaoqiao.build.info").tag("version", pomVersion()).tag("revision", build.revision())
                .gauge().value());
    }
}
