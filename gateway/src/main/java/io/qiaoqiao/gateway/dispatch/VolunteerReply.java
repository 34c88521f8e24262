package io.qiaoqiao.gateway.dispatch;

import java.util.Optional;

/** What a volunteer's text asks for. A reply without a code applies to their single pending offer. */
public sealed interface VolunteerReply {
    /** The ticket code the volunteer quoted, if any. */
    Optional<String> code();

    record Accept(Optional<String> code) implements VolunteerReply {
    }

    record Decline(Optional<String> code) implements VolunteerReply {
    }

    record Done(Optional<String> code) implements VolunteerReply {
    }

    /** Not a command we understand; the volunteer gets the help text. */
    record Unrecognised(String text) implements VolunteerReply {
        @Override
        public Optional<String> code() {
            return Optional.empty();
        }
    }
}
