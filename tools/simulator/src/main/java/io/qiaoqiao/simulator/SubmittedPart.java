package io.qiaoqiao.simulator;

import java.util.Optional;

/**
 * One submit_sm as a handset would show it: its text and, for a part of a longer text, where it
 * belongs.
 *
 * @param text     the decoded characters of this part
 * @param position reference, total and sequence number, when the submit is one part of several
 * @param problem  what was wrong with the octets, if anything (the simulator does not throw on bad input)
 */
public record SubmittedPart(String text, Optional<Position> position, Optional<String> problem) {
    /** A part's place: {@code seq} of {@code total} parts sharing {@code reference}. */
    public record Position(int reference, int total, int seq) {
    }
}
