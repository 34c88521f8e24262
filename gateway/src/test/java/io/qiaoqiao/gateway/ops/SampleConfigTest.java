package io.qiaoqiao.gateway.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qiaoqiao.gateway.config.Config;
import io.qiaoqiao.gateway.config.ConfigKey;
import io.qiaoqiao.gateway.config.Keys;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** ops/qiaoqiao.sample.properties lists exactly the declared keys, with valid values, and loads without a warning. */
class SampleConfigTest {
    private static Properties sample() throws IOException {
        Properties sample = new Properties();
        sample.load(new StringReader(OpsFiles.read("qiaoqiao.sample.properties")));
        return sample;
    }

    @Test
    void the_sample_config_has_exactly_the_declared_keys() throws IOException {
        Set<String> declared = new TreeSet<>();
        Keys.ALL.stream().filter(k -> !k.isFamily()).map(ConfigKey::name).forEach(declared::add);
        Set<String> missing = new TreeSet<>(declared);
        missing.removeAll(sample().stringPropertyNames());
        Set<String> unknown = new TreeSet<>(sample().stringPropertyNames());
        unknown.removeAll(declared);
        assertEquals(Set.of(), missing, "keys the sample lacks");
        assertEquals(Set.of(), unknown, "keys the gateway does not declare");
    }

    @Test
    void the_sample_loads_valid_and_without_warnings() {
        Config config = Config.load(OpsFiles.root().resolve("qiaoqiao.sample.properties"), Map.of());
        assertEquals(List.of(), config.problems());
        assertEquals(List.of(), config.warnings());
    }

    @Test
    void the_sample_holds_no_secret_and_every_secret_key_is_empty() throws IOException {
        Properties sample = sample();
        List<String> secrets = Keys.ALL.stream().filter(ConfigKey::secret).map(ConfigKey::name).toList();
        assertEquals(List.of("db.password", "smpp.password", "ami.secret", "api.tokens"), secrets);
        for (String secret : secrets) {
            assertEquals("", sample.getProperty(secret), secret + " comes from the environment or a -file key");
        }
    }
}
