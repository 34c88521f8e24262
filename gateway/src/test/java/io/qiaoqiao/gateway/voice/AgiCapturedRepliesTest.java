package io.qiaoqiao.gateway.voice;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lines exactly as Asterisk 22.10.1 sent them (captures/asterisk-22-fastagi.txt). */
class AgiCapturedRepliesTest {
    private static final List<String> CAPTURED_HEADER = List.of(
            "agi_network: yes",
            "agi_network_script: menu?village=maoqi&lang=zh",
            "agi_request: agi://127.0.0.1:4573/menu?village=maoqi&lang=zh",
            "agi_channel: Local/menu@capture-00000003;2",
            "agi_language: en",
            "agi_type: Local",
            "agi_uniqueid: 1795368349.7",
            "agi_version: 22.10.1",
            "agi_callerid: +8613900000002",
            "agi_calleridname: Zhang",
            "agi_callingpres: 0",
            "agi_callingani2: 0",
            "agi_callington: 0",
            "agi_callingtns: 0",
            "agi_dnid: unknown",
            "agi_rdnis: unknown",
            "agi_context: capture",
            "agi_extension: menu",
            "agi_priority: 1",
            "agi_enhanced: 0.0",
            "agi_accountcode: ",
            "agi_threadid: 139673987126976");

    @Test
    void capturedHeaderGivesScriptQueryCallerAndCall() throws CallEnded {
        AgiHeader header = AgiHeader.parse(CAPTURED_HEADER);

        assertEquals("menu", header.script());
        assertEquals(Map.of("village", "maoqi", "lang", "zh"), header.params());
        assertEquals("+8613900000002", header.callerId());
        assertEquals("1795368349.7", header.uniqueId());
        assertEquals("Local/menu@capture-00000003;2", header.channel());
        assertEquals("", header.variables().get("agi_accountcode"));
    }

    @Test
    void capturedRepliesParse() {
        assertEquals(new AgiReply("0", "", 3520), AgiReply.parse("200 result=0 endpos=3520"));
        assertEquals(new AgiReply("2", "", -1), AgiReply.parse("200 result=2"));
        assertEquals(new AgiReply("", "timeout", -1), AgiReply.parse("200 result= (timeout)"));
        assertEquals(new AgiReply("0", "timeout", 0), AgiReply.parse("200 result=0 (timeout) endpos=0"));
        assertEquals(new AgiReply("1", "1234", -1), AgiReply.parse("200 result=1 (1234)"));
        assertTrue(AgiReply.parse("200 result=-1 endpos=4000").failed());
        assertNull(AgiReply.parse("510 Invalid or unknown command"));
        assertNull(AgiReply.parse("HANGUP"));
    }
}
