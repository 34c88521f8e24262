package io.qiaoqiao.gateway.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** ops/qiaoqiao.sample.properties lists exactly the keys of the documented defaults, and loads. */
class SampleConfigTest {
    @Test
    void the_sample_config_has_exactly_the_keys_of_the_defaults() throws IOException {
        Properties defaults = new Properties();
        try (InputStream in = Config.class.getResourceAsStream("/qiaoqiao-defaults.properties")) {
            defaults.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        Properties sample = new Properties();
        sample.load(new StringReader(OpsFiles.read("qiaoqiao.sample.properties")));
        Set<String> missing = new TreeSet<>(defaults.stringPropertyNames());
        missing.removeAll(sample.stringPropertyNames());
        Set<String> unknown = new TreeSet<>(sample.stringPropertyNames());
        unknown.removeAll(defaults.stringPropertyNames());
        assertEquals(Set.of(), missing, "keys the sample lacks");
        assertEquals(Set.of(), unknown, "keys the gateway does not know");
    }

    @Test
    void the_sample_holds_no_secret_and_every_secret_key_is_empty() throws IOException {
        Properties sample = new Properties();
        sample.load(new StringReader(OpsFiles.read("qiaoqiao.sample.properties")));
        for (String secret : new String[] {"db.password", "smpp.password", "ami.secret", "api.tokens"}) {
            assertEquals("", sample.getProperty(secret), secret + " comes from the environment or a -file key");
        }
        Config config = Config.of(Map.of());
        assertTrue(config.integer("http.port") > 0);
    }
}
