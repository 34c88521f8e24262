package io.qiaoqiao.gateway.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TextsTest {
    @Test
    void placeholders_are_filled_once_so_a_residents_braces_stay_as_written() {
        assertEquals("求助1001：“{code}坏了”", Texts.fill("求助{code}：“{request}”", Map.of("code", "1001", "request", "{code}坏了")));
    }

    @Test
    void unknown_placeholders_and_lone_braces_are_kept() {
        assertEquals("a {who} b { c", Texts.fill("a {who} b { c", Map.of("code", "1")));
    }
}
