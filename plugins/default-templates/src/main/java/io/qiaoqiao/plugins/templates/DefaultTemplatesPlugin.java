package io.qiaoqiao.plugins.templates;

import io.qiaoqiao.plugin.api.MessageTemplates;
import io.qiaoqiao.plugin.api.PluginSettings;
import io.qiaoqiao.plugin.api.QiaoqiaoPlugin;
import io.qiaoqiao.plugin.api.Setting;
import io.qiaoqiao.plugin.api.SettingType;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The gateway's default wording, shipped as a plugin so a studio can replace any text: set
 * {@code plugin.templates.<key>} in the config (for every locale), or install a plugin with
 * its own {@link MessageTemplates}. Ships zh-CN (the default) and en. The service's name is
 * one template, {@code service-name}, which the others refer to as {@code {service-name}}.
 */
public final class DefaultTemplatesPlugin implements QiaoqiaoPlugin {
    static final List<String> LOCALES = List.of("zh-CN", "en");
    /**
     * The key of the service's one name. Every template may say {@code {service-name}} (the
     * signature does); the voice prompts are generated with the same name (ops/prompts).
     */
    static final String SERVICE_NAME = "service-name";

    @Override
    public String id() {
        return "templates";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    /** One setting per template: the text that replaces the shipped one in every locale. */
    @Override
    public List<Setting> settings() {
        return new TreeSet<>(read(LOCALES.get(0) + ".properties").keySet()).stream()
                .map(key -> Setting.of(key, SettingType.STRING, "", "replaces the shipped '" + key + "' text in every locale"))
                .toList();
    }

    @Override
    public Optional<MessageTemplates> messageTemplates(PluginSettings settings) {
        Map<String, Map<String, String>> byLocale = new HashMap<>();
        for (String tag : LOCALES) {
            Map<String, String> texts = read(tag + ".properties");
            for (Map.Entry<String, String> e : settings.values().entrySet()) {
                if (!texts.containsKey(e.getKey())) {
                    throw settings.invalid(e.getKey(), "no such template; known keys: " + texts.keySet());
                }
                texts.put(e.getKey(), e.getValue());
            }
            String name = texts.get(SERVICE_NAME);
            texts.replaceAll((key, text) -> text.replace("{" + SERVICE_NAME + "}", name));
            byLocale.put(tag, Map.copyOf(texts));
        }
        return Optional.of(new BundledTemplates(byLocale));
    }

    private static Map<String, String> read(String file) {
        try (InputStream in = DefaultTemplatesPlugin.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("templates resource " + file + " is missing from the plugin jar");
            }
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> out = new HashMap<>();
            p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Templates by language tag; a locale falls back to its language, e.g. zh-TW → zh-CN is not assumed. */
    record BundledTemplates(Map<String, Map<String, String>> byLocale) implements MessageTemplates {
        @Override
        public Optional<String> template(String key, Locale locale) {
            return Optional.ofNullable(texts(locale).get(key));
        }

        @Override
        public java.util.Set<String> keys(Locale locale) {
            return texts(locale).keySet();
        }

        private Map<String, String> texts(Locale locale) {
            Map<String, String> exact = byLocale.get(locale.toLanguageTag());
            return exact != null ? exact : byLocale.getOrDefault(locale.getLanguage(), Map.of());
        }
    }
}
