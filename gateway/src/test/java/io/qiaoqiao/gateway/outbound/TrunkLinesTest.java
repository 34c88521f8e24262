package io.qiaoqiao.gateway.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.qiaoqiao.gateway.testing.GatewayHarness;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One count of the trunk's lines for every kind of call and every node: a ticket call ringing,
 * a broadcast try ringing and an answered ticket call still talking each hold a line; a call that
 * hung up, a text being sent and a finished broadcast try hold none; and a second claimant waits
 * for the first one's commit before it counts (the lock is one for CallSender and ReachDialer).
 */
class TrunkLinesTest {
    @Test
    void ringing_and_talking_calls_of_every_kind_hold_a_line_and_a_second_claimant_counts_after_the_first_commits() throws Exception {
        try (GatewayHarness h = GatewayHarness.startAt(GatewayHarness.DAYTIME, "the hour plays no part", Map.of())) {
            h.sql("""
                    INSERT INTO outbox (channel, recipient, body, purpose, status, script, claimed_by, claimed_until, reach_kind, reach_id, try_no)
                    VALUES ('call', '+8613900000001', '', 'rating_call', 'sending', 'rating', 'a', now() + interval '1 minute', NULL, NULL, NULL),
                           ('call', '+8613900000002', '', 'broadcast', 'sending', 'broadcast', 'b', now() + interval '1 minute', 'broadcast', 1, 1),
                           ('call', '+8613900000003', '', 'rating_call', 'sent', 'rating', NULL, now() + interval '10 minutes', NULL, NULL, NULL),
                           ('call', '+8613900000004', '', 'rating_call', 'sent', 'rating', NULL, NULL, NULL, NULL, NULL),
                           ('call', '+8613900000005', '', 'broadcast', 'sent', 'broadcast', NULL, NULL, 'broadcast', 1, 2),
                           ('sms', '+8613900000006', 'x', 'offer', 'sending', NULL, 'a', now() + interval '1 minute', NULL, NULL, NULL)
                    """);
            TrunkLines lines = new TrunkLines(4);
            var pool = h.gateway().pool();
            assertEquals(1, GatewayHarness.<Integer>await(pool.withTransaction(lines::lockAndCountFree)).intValue(),
                    "four lines, three held: two ringing (a ticket call, a broadcast try) and one answered call talking");
            assertEquals(0, GatewayHarness.<Integer>await(pool.withTransaction(db -> new TrunkLines(2).lockAndCountFree(db))).intValue(),
                    "never fewer than none free");

            Promise<Void> firstMayCommit = Promise.promise();
            Promise<Void> firstCounted = Promise.promise();
            Future<Integer> first = pool.withTransaction(db -> lines.lockAndCountFree(db).compose(free -> {
                firstCounted.complete();
                return firstMayCommit.future().map(v -> free);
            }));
            GatewayHarness.await(firstCounted.future());
            Future<Integer> second = pool.withTransaction(lines::lockAndCountFree);
            Thread.sleep(300); // give the second claimant time to count, were it not waiting for the lock
            assertFalse(second.isComplete(), "the second claimant waits for the first one's commit");
            firstMayCommit.complete();
            assertEquals(1, first.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).intValue());
            assertEquals(1, second.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).intValue());
        }
    }
}
