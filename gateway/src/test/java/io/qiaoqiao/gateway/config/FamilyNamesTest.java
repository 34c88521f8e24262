package io.qiaoqiao.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Environment names of key families resolve only to declared keys, never to a guess. */
class FamilyNamesTest {
    @Test
    void a_declared_key_is_found_by_its_variable() {
        FamilyNames names = new FamilyNames().key("plugin.quiet-hours.start").key("plugin.templates.recipient.liaison");
        assertEquals(new FamilyNames.Match.Key("plugin.quiet-hours.start"), names.resolve("QIAOQIAO_PLUGIN_QUIET_HOURS_START"));
        assertEquals(new FamilyNames.Match.Key("plugin.templates.recipient.liaison"),
                names.resolve("QIAOQIAO_PLUGIN_TEMPLATES_RECIPIENT_LIAISON"));
        assertEquals(new FamilyNames.Match.None(), names.resolve("QIAOQIAO_PLUGIN_QUIET_HOURS_STOP"));
    }

    @Test
    void two_declared_keys_with_one_variable_name_are_ambiguous_and_neither_is_taken() {
        FamilyNames names = new FamilyNames().key("plugin.quiet-hours.start").key("plugin.quiet.hours-start");
        assertEquals(new FamilyNames.Match.Ambiguous(Set.of("plugin.quiet-hours.start", "plugin.quiet.hours-start")),
                names.resolve("QIAOQIAO_PLUGIN_QUIET_HOURS_START"));
    }

    @Test
    void a_family_takes_the_rest_of_the_name_in_lower_case_with_dashes() {
        FamilyNames names = new FamilyNames().family("plugin.triage.start.").family("routing.weight.");
        assertEquals(new FamilyNames.Match.Key("plugin.triage.start.mediation"), names.resolve("QIAOQIAO_PLUGIN_TRIAGE_START_MEDIATION"));
        assertEquals(new FamilyNames.Match.Key("routing.weight.first-aid"), names.resolve("QIAOQIAO_ROUTING_WEIGHT_FIRST_AID"));
        assertEquals(new FamilyNames.Match.None(), names.resolve("QIAOQIAO_PLUGIN_TRIAGE_START_"), "the placeholder needs a value");
    }

    @Test
    void a_declared_key_wins_over_a_family_and_a_longer_family_over_a_shorter_one() {
        FamilyNames names = new FamilyNames().family("routing.weight.").key("routing.weight.quiet_hours")
                .family("plugin.skills.").family("plugin.skills.category.");
        assertEquals(new FamilyNames.Match.Key("routing.weight.quiet_hours"), names.resolve("QIAOQIAO_ROUTING_WEIGHT_QUIET_HOURS"));
        assertEquals(new FamilyNames.Match.Key("plugin.skills.category.repair"), names.resolve("QIAOQIAO_PLUGIN_SKILLS_CATEGORY_REPAIR"));
    }
}
