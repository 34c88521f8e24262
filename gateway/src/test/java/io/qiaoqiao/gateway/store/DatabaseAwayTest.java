package io.qiaoqiao.gateway.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/**
 * What counts as "the database is away" (tried again later: 503 for the API, no item-by-item
 * split for a group commit) and what is the work's own failure. The failures are the ones the
 * fault suite's node logs show, written out by hand.
 */
class DatabaseAwayTest {
    @Test
    void a_lost_or_refused_connection_a_server_shutting_down_or_a_statement_timeout_is_the_database_away() {
        assertTrue(DatabaseAway.is(new PgException("terminating connection due to administrator command", "FATAL", "57P01", null)));
        assertTrue(DatabaseAway.is(new PgException("canceling statement due to statement timeout", "ERROR", "57014", null)));
        assertTrue(DatabaseAway.is(new PgException("too many connections", "FATAL", "53300", null)));
        assertTrue(DatabaseAway.is(new IllegalStateException(new ConnectException("Connection refused"))));
        assertTrue(DatabaseAway.is(new IOException("Broken pipe")));
    }

    @Test
    void the_pools_wait_for_a_connection_running_out_is_the_database_away() {
        // What API requests during the fault suite's 60 s outage got, and answered 500 with, before.
        assertTrue(DatabaseAway.is(new VertxException("Timeout waiting for connection", true)));
        assertTrue(DatabaseAway.is(new VertxException("Timeout", true)));
    }

    @Test
    void refused_data_a_deadlock_a_lock_wait_a_missing_file_or_a_bug_is_the_works_own_failure() {
        assertFalse(DatabaseAway.is(new PgException("deadlock detected", "ERROR", "40P01", null)));
        assertFalse(DatabaseAway.is(new PgException("canceling statement due to lock timeout", "ERROR", "55P03", null)));
        assertFalse(DatabaseAway.is(new PgException("duplicate key value violates unique constraint", "ERROR", "23505", null)));
        assertFalse(DatabaseAway.is(new IllegalStateException(new NoSuchFileException("./data/plugins/rules.jar"))));
        assertFalse(DatabaseAway.is(new IllegalStateException("Timeout of the plugin's own")));
        assertFalse(DatabaseAway.is(new NullPointerException()));
    }
}
