package io.qiaoqiao.gateway.dispatch;

import io.qiaoqiao.gateway.plugins.PluginSet;
import io.qiaoqiao.plugin.api.Category;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The words of every text the gateway sends, taken from the message templates of the plugin
 * set in use (the built-in {@code templates} plugin by default, so a studio can change any
 * wording in its config or with a plugin). The signature template is put in front of every
 * text. Phone numbers are shown in the national form people dial.
 */
public final class Texts {
    /** Every template key the gateway uses; a plugin set that lacks one in its locale is refused. */
    public static final Set<String> KEYS = Set.of("signature", "received", "received-truncated", "empty-request", "held",
            "offer", "offer-confidential", "escalation", "escalation-confidential", "duty-phone", "handover",
            "recipient.liaison", "recipient.leaders", "accepted-to-volunteer", "confirmation-to-resident",
            "confirmation-to-family", "taken-by-other", "already-yours", "declined", "done-to-resident",
            "done-to-volunteer", "not-yours", "unknown-code", "nothing-pending", "which-one", "volunteer-help",
            "not-a-volunteer", "rating-unreachable");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");

    private final Supplier<PluginSet> plugins;
    private final ZoneId zone;

    public Texts(Supplier<PluginSet> plugins, ZoneId zone) {
        this.plugins = plugins;
        this.zone = zone;
    }

    /** +8613900001001 → 13900001001; other countries keep their + form. */
    public static String dialable(String e164) {
        return e164 != null && e164.startsWith("+86") ? e164.substring(3) : String.valueOf(e164);
    }

    public String received(String code) {
        return text("received", "code", code);
    }

    public String receivedTruncated(String code, int keptChars) {
        return text("received-truncated", "code", code, "kept", String.valueOf(keptChars));
    }

    public String emptyRequest() {
        return text("empty-request");
    }

    /** To the resident whose normal request waits for the end of quiet hours. */
    public String held(String code, Instant until) {
        return text("held", "code", code, "until", CLOCK.format(until.atZone(zone)));
    }

    public String offer(String code, Category category, String residentName, String place, String residentPhone,
                        String request) {
        return text("offer", "code", code, "category", category.label(), "name", residentName, "place", place,
                "phone", dialable(residentPhone), "request", request);
    }

    /** An offer of a confidential ticket: no request text, no name. */
    public String offerConfidential(String code, Category category, String place, String residentPhone) {
        return text("offer-confidential", "code", code, "category", category.label(), "place", place,
                "phone", dialable(residentPhone));
    }

    /** To volunteers an escalation step reaches; {@code to} names them, e.g. 志愿小组组长. */
    public String escalation(String code, Category category, String to, String residentName, String place,
                             String residentPhone, String request) {
        return text("escalation", "code", code, "category", category.label(), "to", to, "name", residentName,
                "place", place, "phone", dialable(residentPhone), "request", request);
    }

    public String escalationConfidential(String code, Category category, String to, String place, String residentPhone) {
        return text("escalation-confidential", "code", code, "category", category.label(), "to", to, "place", place,
                "phone", dialable(residentPhone));
    }

    /** To a duty phone (village committee, township centre): the whole request, to be handled off-line. */
    public String dutyPhone(String code, Category category, String to, String residentName, String place,
                            String residentPhone, String request) {
        return text("duty-phone", "code", code, "category", category.label(), "to", to, "name", residentName,
                "place", place, "phone", dialable(residentPhone), "request", request);
    }

    /** To the resident at each hand-over of the escalation chain. */
    public String handover(String code, String to) {
        return text("handover", "code", code, "to", to);
    }

    /** How the resident and volunteers are told who a step reaches: {@code liaison}, {@code leaders}, or a skill. */
    public String recipient(String kind) {
        String key = "recipient." + kind;
        PluginSet set = plugins.get();
        return set.templates().template(key, set.locale()).orElse(kind);
    }

    public String acceptedToVolunteer(String code) {
        return text("accepted-to-volunteer", "code", code);
    }

    public String confirmationToResident(String code, String volunteerName, String volunteerPhone) {
        return text("confirmation-to-resident", "code", code, "volunteer", volunteerName,
                "volunteerPhone", dialable(volunteerPhone));
    }

    public String confirmationToFamily(String code, String residentName, String volunteerName, String volunteerPhone) {
        return text("confirmation-to-family", "code", code, "name", residentName, "volunteer", volunteerName,
                "volunteerPhone", dialable(volunteerPhone));
    }

    public String takenByOther(String code) {
        return text("taken-by-other", "code", code);
    }

    public String alreadyYours(String code) {
        return text("already-yours", "code", code);
    }

    public String declined(String code) {
        return text("declined", "code", code);
    }

    public String doneToResident(String code) {
        return text("done-to-resident", "code", code);
    }

    public String doneToVolunteer(String code, int points) {
        return text("done-to-volunteer", "code", code, "points", String.valueOf(points));
    }

    public String notYours(String code) {
        return text("not-yours", "code", code);
    }

    public String unknownCode(String code) {
        return text("unknown-code", "code", code);
    }

    public String nothingPending() {
        return text("nothing-pending");
    }

    public String whichOne(int pending) {
        return text("which-one", "pending", String.valueOf(pending));
    }

    public String volunteerHelp() {
        return text("volunteer-help");
    }

    /** To the family when the rating call never got through: the work is done, call us if not. */
    public String ratingUnreachable(String code) {
        return text("rating-unreachable", "code", code);
    }

    public String notAVolunteer() {
        return text("not-a-volunteer");
    }

    private String text(String key, String... namesAndValues) {
        PluginSet set = plugins.get();
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            values.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return template(set, "signature") + fill(template(set, key), values);
    }

    private static String template(PluginSet set, String key) {
        // The set was checked for every key when it was built, so this only fails on a bug.
        return set.templates().template(key, set.locale())
                .orElseThrow(() -> new IllegalStateException("no template '" + key + "' for " + set.locale()));
    }

    /**
     * Replaces {@code {name}} placeholders in one pass, so a value that happens to contain
     * braces (a resident's text) is never expanded again. Unknown placeholders stay as written.
     */
    static String fill(String template, Map<String, String> values) {
        StringBuilder out = new StringBuilder(template.length() + 64);
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            int close = open < 0 ? -1 : template.indexOf('}', open);
            if (close < 0) {
                out.append(template, i, template.length());
                break;
            }
            String name = template.substring(open + 1, close);
            String value = values.get(name);
            out.append(template, i, open).append(value != null ? value : template.substring(open, close + 1));
            i = close + 1;
        }
        return out.toString();
    }
}
