package io.qiaoqiao.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Defaults from the declarations, then the file, then the environment, then code; typed and checked. */
class ConfigTest {
    @TempDir
    Path dir;

    private Path file(String text) throws Exception {
        Path f = dir.resolve("qiaoqiao.properties");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void defaults_come_from_the_declarations() {
        Config c = Config.of(Map.of());
        assertEquals(2775, c.integer("smpp.port"));
        assertEquals("Asia/Shanghai", c.zone("zone").getId());
        assertEquals(Duration.ZERO, c.duration("clock.offset"));
        assertEquals(LocalTime.of(21, 0), c.time("quiet-hours.start"));
        assertEquals(List.of("ADVICE", "MEDIATION"), c.list("api.confidential-categories"));
        assertEquals(0.6, c.decimal("routing.weight.skills"));
        assertEquals(Config.Source.DEFAULT, c.origin("smpp.port").source());
    }

    @Test
    void the_environment_wins_over_the_file_which_wins_over_the_default() throws Exception {
        Path f = file("smpp.port=2776\nsmpp.host=smsc.example\n");
        Config c = Config.load(f, Map.of("QIAOQIAO_SMPP_PORT", "2777", "QIAOQIAO_SMPP_SYSTEM_ID", "village",
                "QIAOQIAO_DB_EMBEDDED_FSYNC", "false", "QIAOQIAO_CLOCK_OFFSET", "-PT8H"));
        assertEquals(2777, c.integer("smpp.port"));
        assertEquals("smsc.example", c.string("smpp.host"));
        assertEquals("village", c.string("smpp.system-id"));
        assertFalse(c.flag("db.embedded.fsync"));
        assertEquals(Duration.ofHours(-8), c.duration("clock.offset"));
        assertEquals("environment QIAOQIAO_SMPP_PORT", c.origin("smpp.port").toString());
        assertEquals("file " + f, c.origin("smpp.host").toString());
        assertEquals(List.of(), c.warnings());
    }

    @Test
    void every_declared_key_can_come_from_the_environment() {
        for (ConfigKey key : Keys.ALL) {
            if (key.isFamily()) {
                continue;
            }
            String value = switch (key.type()) {
                case INTEGER -> "7";
                case DECIMAL -> "0.5";
                case FLAG -> "false";
                case DURATION -> "PT7S";
                case TIME -> "06:30";
                case ZONE -> "Europe/Berlin";
                case PATH, STRING, LIST -> "from-env";
            };
            Config c = Config.load(null, Map.of(Config.envName(key.name()), value));
            assertEquals(value, c.string(key.name()), key.name());
            assertEquals(Config.Source.ENVIRONMENT, c.origin(key.name()).source(), key.name());
            assertEquals(List.of(), c.warnings(), key.name());
        }
    }

    @Test
    void values_set_by_code_win_over_the_environment_also_after_a_reload() throws Exception {
        Path f = file("http.port=8081\n");
        Config c = Config.load(f, Map.of("QIAOQIAO_HTTP_PORT", "8082")).with(Map.of("http.port", "0"));
        assertEquals(0, c.integer("http.port"));
        Files.writeString(f, "http.port=8083\nsmpp.host=changed\n");
        Config again = c.reload();
        assertEquals(0, again.integer("http.port"));
        assertEquals("changed", again.string("smpp.host"));
    }

    @Test
    void an_unknown_key_in_the_file_and_an_unknown_variable_are_warned_about_and_left_out() throws Exception {
        Path f = file("smpp.prot=2776\nplugin.quiet-hours.start=22:00\n");
        Config c = Config.load(f, Map.of("QIAOQIAO_SMPP_PROT", "1", "QIAOQIAO_CONFIG", f.toString(), "HOME", "/root"));
        assertEquals(List.of("unknown key 'smpp.prot' in " + f + ": ignored",
                "environment variable QIAOQIAO_SMPP_PROT matches no configuration key: ignored"), c.warnings());
        assertFalse(c.keys().contains("smpp.prot"));
        assertEquals("22:00", c.string("plugin.quiet-hours.start"), "plugin keys belong to a declared family");
    }

    @Test
    void invalid_values_are_all_named_with_what_was_expected() {
        Config c = Config.load(null, Map.of("QIAOQIAO_HTTP_PORT", "eighty", "QIAOQIAO_ZONE", "Mars/Olympus",
                "QIAOQIAO_QUIET_HOURS_START", "9pm", "QIAOQIAO_CLOCK_OFFSET", "", "QIAOQIAO_ROUTING_WEIGHT_SKILLS", "lots"));
        assertEquals(List.of(
                "clock.offset is empty: must be an ISO-8601 duration such as PT10M",
                "http.port = 'eighty': must be a whole number",
                "quiet-hours.start = '9pm': must be a time of day such as 21:30",
                "routing.weight.skills = 'lots': must be a number",
                "zone = 'Mars/Olympus': must be a time zone such as Asia/Shanghai"), c.problems());
        Config.InvalidConfig e = assertThrows(Config.InvalidConfig.class, c::requireValid);
        assertTrue(e.getMessage().contains("http.port = 'eighty': must be a whole number"), e.getMessage());
        IllegalArgumentException read = assertThrows(IllegalArgumentException.class, () -> c.integer("http.port"));
        assertEquals("http.port = 'eighty': must be a whole number", read.getMessage());
    }

    @Test
    void secrets_and_passwords_in_uris_are_masked_for_display() {
        Config c = Config.of(Map.of("smpp.password", "s3cret", "db.url", "postgresql://qq:hunter2@db.example:5432/qq"));
        assertEquals("****", c.shown("smpp.password"));
        assertEquals("", c.shown("ami.secret"), "an empty secret shows as empty");
        assertEquals("postgresql://qq:****@db.example:5432/qq", c.shown("db.url"));
        assertEquals("s3cret", c.secret("smpp.password"));
    }

    @Test
    void code_may_not_set_a_key_nobody_declared_nor_read_a_key_as_another_type() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Config.of(Map.of("smpp.prot", "1")));
        assertEquals("unknown configuration key: smpp.prot", unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Config.of(Map.of()).integer("zone"));
        assertThrows(IllegalArgumentException.class, () -> Config.of(Map.of()).string("no.such.key"));
    }

    @Test
    void plugin_and_weight_variables_wait_for_the_plugins_and_then_resolve_to_declared_keys() {
        Config c = Config.load(null, Map.of("QIAOQIAO_PLUGIN_QUIET_HOURS_START", "00:00",
                "QIAOQIAO_PLUGIN_TRIAGE_START_MEDIATION", "village", "QIAOQIAO_PLUGIN_NOBODY_X", "1"));
        assertEquals(Map.of(), c.withPrefix("plugin."), "nothing is guessed before the declarations are known");
        assertEquals(List.of(), c.warnings());

        Config.Resolved r = c.resolveEnvironment("QIAOQIAO_PLUGIN_", new FamilyNames()
                .key("plugin.quiet-hours.start").key("plugin.quiet-hours.end").family("plugin.triage.start."), "see check-config");
        assertEquals(Map.of("quiet-hours.start", "00:00", "triage.start.mediation", "village"), r.config().withPrefix("plugin."));
        assertEquals("environment QIAOQIAO_PLUGIN_QUIET_HOURS_START", r.config().origin("plugin.quiet-hours.start").toString());
        assertEquals(List.of("environment variable QIAOQIAO_PLUGIN_NOBODY_X matches no configuration key: ignored; see check-config"),
                r.warnings());
    }

    @Test
    void a_plugin_key_set_by_code_keeps_its_value_over_the_environment() {
        Config c = Config.load(null, Map.of("QIAOQIAO_PLUGIN_QUIET_HOURS_START", "00:00"))
                .with(Map.of("plugin.quiet-hours.start", "22:00"));
        Config resolved = c.resolveEnvironment("QIAOQIAO_PLUGIN_", new FamilyNames().key("plugin.quiet-hours.start"), "").config();
        assertEquals("22:00", resolved.string("plugin.quiet-hours.start"));
    }
}
