package io.qiaoqiao.gateway.sms;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * How far a long text got: its concatenation reference and, per part, the message id the SMSC
 * gave it (null for a part it has not accepted). A send that stops part way (the SMSC throttles
 * part 3 of 5, the bind drops) is taken up again with the same reference and only the missing
 * parts, so the phone puts together one text: sending every part again under a new reference
 * would show the resident the first parts twice, and leave a half set on the phone that a later
 * text with the same reference could complete into nonsense.
 *
 * @param reference  the concatenation reference of every part (8 bits), or -1 for "the link picks one"
 * @param messageIds per part, the SMSC's message id, or null where the part is still to be sent
 */
public record PartsSent(int reference, List<String> messageIds) {
    /** A text never tried: the link chooses its reference. */
    public static final PartsSent NONE = new PartsSent(-1, List.of());

    public PartsSent {
        Objects.requireNonNull(messageIds, "messageIds");
        messageIds = Collections.unmodifiableList(new ArrayList<>(messageIds)); // nulls allowed: parts still to send
        if (reference < -1 || reference > 0xFF) {
            throw new IllegalArgumentException("a concatenation reference is 0 to 255, not " + reference);
        }
    }

    /**
     * A text never tried, to go out under a reference of the caller's: the outbox derives it from
     * the row, so a node that takes over a row uses the reference the phone has already seen.
     */
    public static PartsSent startingWith(int reference) {
        return new PartsSent(reference & 0xFF, List.of());
    }

    /** The message id of part {@code index} (from 0), or null when the SMSC has not accepted it yet. */
    public String idOf(int index) {
        return index < messageIds.size() ? messageIds.get(index) : null;
    }

    /** Whether the SMSC accepted any part. */
    public boolean anyAccepted() {
        return messageIds.stream().anyMatch(Objects::nonNull);
    }
}
