package io.qiaoqiao.gateway.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.Urgency;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool keeps calls on disk across a restart and opens them, oldest first, once the desk answers. */
class CallSpoolTest {
    @TempDir
    Path dir;

    private final RecordingVoiceDesk desk = new RecordingVoiceDesk();

    private static VoiceDesk.VoiceRequest call(String id, String phone, VoiceDesk.RequestKind kind, Optional<String> recording) {
        return new VoiceDesk.VoiceRequest(id, phone, true, Category.REPAIR, Urgency.URGENT, kind, recording);
    }

    private CallSpool spool() {
        return new CallSpool(dir, desk, new VoiceMetrics(new SimpleMeterRegistry()));
    }

    private List<String> files() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void spooled_calls_outlive_the_node_and_become_tickets_in_order_once_the_desk_answers() throws Exception {
        desk.away = true;
        CallSpool before = spool();
        VoiceDesk.VoiceRequest first = call("1796155351.35", "+8613900001002", VoiceDesk.RequestKind.CALLBACK, Optional.empty());
        VoiceDesk.VoiceRequest second = call("1796155352.36", "+8613900001003", VoiceDesk.RequestKind.REQUEST,
                Optional.of("/var/spool/asterisk/qiaoqiao/1796155352.36.wav"));
        assertTrue(before.keep(first));
        assertTrue(before.keep(second));
        assertEquals(0, before.replayOnce(), "the desk is still away");
        assertEquals(2, files().size());

        // The node restarts; the database is back.
        desk.away = false;
        CallSpool after = spool();
        assertEquals(2, after.replayOnce());

        assertEquals(List.of(first, second), desk.tickets, "both calls, as they were, in the order they came");
        assertEquals(List.of(), files(), "nothing left in the spool");
    }

    @Test
    void an_unreadable_file_is_set_aside_and_the_calls_after_it_still_become_tickets() throws Exception {
        Files.writeString(dir.resolve("0000000000001-000001-broken.call"), "{\"callId\": ");
        CallSpool spool = spool();
        VoiceDesk.VoiceRequest call = call("1796155353.37", "+8613900001004", VoiceDesk.RequestKind.CALLBACK, Optional.empty());
        assertTrue(spool.keep(call));

        assertEquals(1, spool.replayOnce());

        assertEquals(List.of(call), desk.tickets);
        assertEquals(List.of("0000000000001-000001-broken.call.unreadable"), files());
    }
}
