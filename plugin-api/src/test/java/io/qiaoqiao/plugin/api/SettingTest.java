package io.qiaoqiao.plugin.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What each setting type accepts, and what a declaration may look like. */
class SettingTest {
    @Test
    void each_type_accepts_its_values_and_blank_and_refuses_others() {
        assertTrue(SettingType.INTEGER.accepts("-3"));
        assertFalse(SettingType.INTEGER.accepts("3.5"));
        assertTrue(SettingType.DECIMAL.accepts("0.6"));
        assertFalse(SettingType.DECIMAL.accepts("NaN"));
        assertTrue(SettingType.FLAG.accepts("Yes"));
        assertFalse(SettingType.FLAG.accepts("maybe"));
        assertTrue(SettingType.DURATION.accepts("-PT8H"));
        assertFalse(SettingType.DURATION.accepts("10 minutes"));
        assertTrue(SettingType.TIME.accepts("21:30"));
        assertFalse(SettingType.TIME.accepts("25:00"));
        assertTrue(SettingType.ZONE.accepts("Asia/Shanghai"));
        assertFalse(SettingType.ZONE.accepts("Mars/Olympus"));
        assertTrue(SettingType.LIST.accepts("a,b，c"));
        for (SettingType type : SettingType.values()) {
            assertTrue(type.accepts("  "), type + ": blank means not set");
        }
    }

    @Test
    void a_family_is_a_key_ending_in_one_placeholder() {
        Setting family = Setting.of("start.<category>", SettingType.STRING, "", "where a category starts");
        assertTrue(family.isFamily());
        assertEquals("start.", family.prefix());
        assertTrue(family.covers("start.mediation"));
        assertFalse(family.covers("start."));
        assertFalse(Setting.of("start", SettingType.TIME, "21:00", "").covers("start.x"));
        assertThrows(IllegalArgumentException.class, () -> Setting.of("<id>.start", SettingType.STRING, "", ""));
        assertThrows(IllegalArgumentException.class, () -> Setting.of("a.<b>.<c>", SettingType.STRING, "", ""));
    }

    @Test
    void a_default_must_fit_the_declared_type() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Setting.of("max-open", SettingType.INTEGER, "three", ""));
        assertEquals("the default of max-open must be a whole number, got 'three'", e.getMessage());
    }
}
