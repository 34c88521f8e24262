package io.qiaoqiao.plugin.api;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The words of every text the gateway sends, per locale, so a studio can change them without
 * touching the gateway. A template is plain text with {@code {name}} placeholders, e.g.
 * {@code 已收到您的求助，编号{code}。}; the gateway fills them in. The keys and their placeholders
 * are listed in {@code plugins/README.md}. Templates of plugins take precedence over the
 * built-in {@code templates} plugin, key by key.
 *
 * <p>Unlike routing rules, which the gateway runs on their own threads within a time budget,
 * this is called directly while a ticket is being handled (on the gateway's event loop, with
 * the ticket's row locked): it must answer within a millisecond or so and never block.
 */
public interface MessageTemplates {
    /**
     * @param key    e.g. {@code offer}, {@code received}
     * @param locale the studio's locale ({@code messages.locale})
     * @return the template, or empty to let the next provider answer
     */
    Optional<String> template(String key, Locale locale);

    /** The keys this provider knows in the locale, so the gateway can report missing ones. */
    Set<String> keys(Locale locale);
}
