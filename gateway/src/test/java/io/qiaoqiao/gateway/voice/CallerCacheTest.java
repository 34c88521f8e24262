package io.qiaoqiao.gateway.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Promise;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CallerCacheTest {
    static final String WANG = "+8613900001001";

    private final RecordingVoiceDesk desk = new RecordingVoiceDesk();
    private final CallerCache cache = new CallerCache(desk, Duration.ofMinutes(5), 100);
    private final List<LogRecord> caffeineSaid = new CopyOnWriteArrayList<>();
    private final Logger caffeine = Logger.getLogger("com.github.benmanes.caffeine");
    private final Handler listener = new Handler() {
        @Override
        public void publish(LogRecord logged) {
            caffeineSaid.add(logged);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        caffeine.addHandler(listener);
        desk.roster.put(WANG, new VoiceDesk.Caller(WANG, VoiceDesk.Role.RESIDENT, "王秀英", "桥头村", Optional.empty()));
    }

    @AfterEach
    void stopListening() {
        caffeine.removeHandler(listener);
    }

    @Test
    void a_caller_known_once_is_not_looked_up_again_until_the_roster_changes() {
        assertEquals("王秀英", cache.lookup(WANG).result().orElseThrow().name());
        assertEquals("王秀英", cache.lookup(WANG).result().orElseThrow().name());
        assertEquals(1, desk.lookups.get());
        cache.invalidateAll();
        cache.lookup(WANG);
        assertEquals(2, desk.lookups.get());
    }

    @Test
    void a_failed_look_up_is_not_kept_and_leaves_its_logging_to_the_script() {
        desk.lookupsFail = true;
        assertTrue(cache.lookup(WANG).failed());
        assertTrue(cache.lookup(WANG).failed());
        desk.lookupsFail = false;
        assertEquals("王秀英", cache.lookup(WANG).result().orElseThrow().name());
        assertEquals(3, desk.lookups.get(), "each failure asked the desk again");
        assertEquals(List.of(), caffeineSaid.stream().map(LogRecord::getMessage).toList(),
                "the cache logs nothing of its own (a stack trace per ring while the database was away)");
    }

    @Test
    void an_answer_asked_for_before_the_roster_changed_is_not_kept_after_it() {
        Promise<Optional<VoiceDesk.Caller>> slow = Promise.promise();
        desk.slowLookup = slow;
        var asked = cache.lookup(WANG);
        cache.invalidateAll(); // a roster import lands while the look-up is with the database
        slow.complete(Optional.empty());
        assertTrue(asked.result().isEmpty());
        assertEquals("王秀英", cache.lookup(WANG).result().orElseThrow().name(), "asked again, and now known");
        assertEquals(2, desk.lookups.get());
    }
}
