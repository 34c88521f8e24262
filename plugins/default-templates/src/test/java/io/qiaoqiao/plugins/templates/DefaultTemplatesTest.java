package io.qiaoqiao.plugins.templates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.plugin.api.MessageTemplates;
import io.qiaoqiao.plugin.api.PluginSettings;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DefaultTemplatesTest {
    private static MessageTemplates templates(Map<String, String> settings) {
        return new DefaultTemplatesPlugin().messageTemplates(PluginSettings.of("templates", settings)).orElseThrow();
    }

    @Test
    void every_locale_has_the_same_keys() {
        MessageTemplates t = templates(Map.of());
        assertEquals(t.keys(Locale.forLanguageTag("zh-CN")), t.keys(Locale.ENGLISH));
        assertTrue(t.keys(Locale.forLanguageTag("zh-CN")).contains("offer"));
    }

    @Test
    void a_studio_changes_one_text_by_configuration() {
        MessageTemplates t = templates(Map.of("declined", "好的，{code}另找他人。"));
        assertEquals(Optional.of("好的，{code}另找他人。"), t.template("declined", Locale.forLanguageTag("zh-CN")));
        assertEquals(Optional.of("【桥桥】"), t.template("signature", Locale.forLanguageTag("zh-CN")));
    }

    @Test
    void the_service_name_is_one_template_that_the_signature_says() {
        MessageTemplates shipped = templates(Map.of());
        assertEquals(Optional.of("桥桥"), shipped.template("service-name", Locale.forLanguageTag("zh-CN")));

        MessageTemplates renamed = templates(Map.of("service-name", "石桥"));
        assertEquals(Optional.of("【石桥】"), renamed.template("signature", Locale.forLanguageTag("zh-CN")));
        assertEquals(Optional.of("[石桥]"), renamed.template("signature", Locale.ENGLISH));
    }

    @Test
    void an_unknown_locale_has_no_templates_and_an_unknown_key_is_rejected() {
        assertEquals(Optional.empty(), templates(Map.of()).template("offer", Locale.forLanguageTag("fr")));
        assertEquals(Optional.of("[Qiaoqiao]"), templates(Map.of()).template("signature", Locale.forLanguageTag("en-GB")));
        assertThrows(IllegalArgumentException.class, () -> templates(Map.of("ofer", "typo")));
    }
}
