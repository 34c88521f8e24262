package io.qiaoqiao.gateway.voice;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * What the scripts of calls not about a ticket ({@code broadcast}, {@code checkin}) need from the
 * spine. The call is named by its outbox row ({@code ?call=} in the AGI URL, else
 * {@code QQ_CALL}). Non-blocking, like {@link VoiceDesk}; the scripts wait with a timeout.
 *
 * <p>A key is reported the moment it is pressed, so a resident who hangs up right after still
 * counts as reached; {@link #callEnded} comes once the script has hung up, and frees the line.
 */
public interface ReachDesk {
    /**
     * The notice a broadcast call plays.
     *
     * @param audio     the notice's sound as Asterisk plays it: a path without extension, or with one
     * @param emergency whether to announce it as urgent
     */
    record Notice(String audio, boolean emergency) {
    }

    /** The notice of this broadcast call; empty when the call is not (or no longer) one. */
    Future<Optional<Notice>> notice(long callId);

    /** The resident pressed {@code key} (a menu's choice). */
    Future<Void> keyPressed(long callId, char key);

    /** The script is done with the call and has hung up (or the resident or the line did). */
    Future<Void> callEnded(long callId, VoiceDesk.ScriptResult result);
}
