package io.qiaoqiao.gateway.voice;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frame of a script for a call not about a ticket ({@code broadcast}, {@code checkin}): the
 * call's id, the answer, the script's own words, its hang-up, and the report of how it ended,
 * which frees the trunk's line. A resident gone during the closing words still counts with the
 * answer they gave; one gone before the question is reported as hung up (or dropped).
 */
abstract class ReachScript implements VoiceScript {
    private static final Logger log = LoggerFactory.getLogger(ReachScript.class);

    /** What the script's words came to: set {@link #asked} once the question got its answer (or none). */
    static final class Progress {
        VoiceDesk.ScriptResult result = VoiceDesk.ScriptResult.COMPLETED;
        boolean asked;
    }

    private final ReachDesk desk;
    private final DeskWait wait;
    private final String name;
    final VoiceSettings settings;

    ReachScript(String name, ReachDesk desk, VoiceSettings settings) {
        this.name = name;
        this.desk = desk;
        this.settings = settings;
        this.wait = new DeskWait(settings.deskTimeout());
    }

    @Override
    public final void run(AgiCall call) throws CallEnded {
        long id = OutboundCallId.of(call);
        ReachReports reports = new ReachReports(desk, wait, id, name);
        Progress progress = new Progress();
        try {
            call.answer();
            talk(call, reports, progress);
            call.hangup();
        } catch (CallEnded ended) {
            reports.ended(progress.asked ? progress.result : OutboundCallId.endedEarly(ended));
            throw ended;
        }
        reports.ended(progress.result);
        log.info("{} call {} ended: {}", name, id, progress.result);
    }

    /** The script's words, between the answer and the hang-up. */
    abstract void talk(AgiCall call, ReachReports reports, Progress progress) throws CallEnded;
}
