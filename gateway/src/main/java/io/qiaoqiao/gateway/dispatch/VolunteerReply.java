package io.qiaoqiao.gateway.dispatch;

import java.time.Duration;
import java.time.MonthDay;
import java.util.Optional;

/**
 * What a volunteer's (or grid worker's) text asks for. A command about a ticket without a code
 * applies to their single open item: the pending offer for accept and decline, the accepted
 * ticket for done and in-progress, either for hand-on.
 */
public sealed interface VolunteerReply {
    /** The ticket code the volunteer quoted, if any. */
    Optional<String> code();

    /** A command that is not about one ticket: it quotes no code. */
    sealed interface AboutNoTicket extends VolunteerReply {
        @Override
        default Optional<String> code() {
            return Optional.empty();
        }
    }

    record Accept(Optional<String> code) implements VolunteerReply {
    }

    record Decline(Optional<String> code) implements VolunteerReply {
    }

    record Done(Optional<String> code) implements VolunteerReply {
    }

    /** 在办 1234: still working on it; a sign of life that answers the silence chase. */
    record InProgress(Optional<String> code) implements VolunteerReply {
    }

    /** 转 1234 原因: hand the ticket (accepted, or offered and not yet answered) one step up. */
    record HandOn(Optional<String> code, String reason) implements VolunteerReply {
    }

    /** 上报 [place] what: a grid worker reports something; {@code text} is all that follows the command word. */
    record Report(String text) implements AboutNoTicket {
    }

    /** 请假 3天: off call from now for that long. */
    record Leave(LeaveLength length) implements AboutNoTicket {
    }

    /** 我的: the volunteer's open tickets, accepted and offered. */
    record Mine() implements AboutNoTicket {
    }

    /** Not a command we understand; the volunteer gets the help text. */
    record Unrecognised(String text) implements AboutNoTicket {
    }

    /** How long a leave is: for a while (3天, 2小时, 一周) or through a day (到12月5日, the whole day included). */
    sealed interface LeaveLength {
        record Lasting(Duration duration) implements LeaveLength {
        }

        record Through(MonthDay day) implements LeaveLength {
        }
    }
}
