package io.qiaoqiao.gateway.sms;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a delivery receipt: the receipted_message_id and message_state TLVs when the SMSC sent
 * them, else the de-facto standard text
 * {@code id:... sub:... dlvrd:... submit date:... done date:... stat:DELIVRD err:000 text:...}.
 */
final class DeliveryReceiptDecoder {
    /** SMPP 3.4 message_state values 0..9 as the words receipts use. */
    private static final String[] STATES =
            {"UNKNOWN", "ENROUTE", "DELIVRD", "EXPIRED", "DELETED", "UNDELIV", "ACCEPTD", "UNKNOWN", "REJECTD", "UNKNOWN"};
    private static final Pattern ID = Pattern.compile("(?i)(?:^|\\s)id:(\\S+)");
    private static final Pattern STAT = Pattern.compile("(?i)(?:^|\\s)stat:(\\S+)");
    private static final Pattern ERR = Pattern.compile("(?i)(?:^|\\s)err:(\\S+)");
    private static final int SHOWN_CHARS = 40;

    private DeliveryReceiptDecoder() {
    }

    static DecodedDeliverSm decode(Optional<String> receiptedId, Optional<Integer> messageState, String text) {
        // the free "text:" part may contain anything, so fields are looked for before it only
        int textField = text.toLowerCase(Locale.ROOT).indexOf(" text:");
        String fields = textField >= 0 ? text.substring(0, textField) : text;
        Optional<String> id = receiptedId.filter(s -> !s.isEmpty()).or(() -> field(ID, fields));
        if (id.isEmpty()) {
            return new DecodedDeliverSm.Unreadable("delivery receipt without a message id (" + text.length()
                    + " characters, starting '" + shown(fields) + "'; its text: field left out of the log)");
        }
        String state = messageState.map(DeliveryReceiptDecoder::stateWord)
                .or(() -> field(STAT, fields).map(s -> s.toUpperCase(Locale.ROOT)))
                .orElse("UNKNOWN");
        String error = field(ERR, fields).orElse("000");
        return new DecodedDeliverSm.Receipt(new DeliveryReceipt(id.get(), state, error));
    }

    /**
     * The start of the fields, for the log: the {@code text:} field is the first words of the
     * text the receipt is about (a resident's name and address) and is never shown.
     */
    private static String shown(String fields) {
        String printable = fields.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() > SHOWN_CHARS ? printable.substring(0, SHOWN_CHARS) + "…" : printable;
    }

    static String stateWord(int messageState) {
        return messageState >= 0 && messageState < STATES.length ? STATES[messageState] : "UNKNOWN";
    }

    /** The message_state number for a receipt word (for the simulated SMSC), 7 (UNKNOWN) when unknown. */
    static int stateNumber(String word) {
        for (int i = 1; i < STATES.length; i++) {
            if (STATES[i].equals(word)) {
                return i;
            }
        }
        return 7;
    }

    private static Optional<String> field(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
