package io.qiaoqiao.gateway.voice;

import io.qiaoqiao.plugin.api.Category;

import java.util.Locale;

/**
 * Prompt ids: file names under the prompt directory of Asterisk's sounds. Their Mandarin words
 * live in {@code ops/prompts/prompts.tsv}, one row per constant here; a studio may replace any
 * file with a recording in the local dialect.
 */
final class Prompts {
    static final String HOTLINE_GREETING = "hotline-greeting";
    static final String HOTLINE_MENU = "hotline-menu";
    /** The greeting for a caller with an open request: it offers the status key (9) in place of the usual one. */
    static final String HOTLINE_GREETING_STATUS = "hotline-greeting-status";
    static final String STATUS_WAITING = "status-waiting";
    static final String STATUS_HELD = "status-held";
    static final String STATUS_ESCALATED = "status-escalated";
    static final String STATUS_ACCEPTED = "status-accepted";
    /** Our own tone before a recording: Asterisk's {@code beep} is an optional sound pack. */
    static final String BEEP = "beep";
    static final String TICKET_CODE_IS = "ticket-code-is";
    static final String TICKET_CODE_AGAIN = "ticket-code-again";
    /** The call was added to the caller's open request, whose code follows. */
    static final String ADDED_TO_REQUEST = "added-to-request";
    static final String HELP_IS_COMING = "help-is-coming";
    static final String HELP_IS_COMING_URGENT = "help-is-coming-urgent";
    /** The ticket system could not be reached, and nobody can call this caller back: please call again. */
    static final String DESK_UNAVAILABLE = "desk-unavailable";
    /** The ticket system did not answer in time; the call is written down and a volunteer will call back. */
    static final String DESK_CALLBACK = "desk-callback";

    static final String VOLUNTEER_UNKNOWN = "volunteer-unknown";
    static final String VOLUNTEER_NO_OFFERS = "volunteer-no-offers";
    static final String OFFER_INTRO = "offer-intro";
    static final String OFFER_URGENT = "offer-urgent";
    static final String OFFER_MESSAGE = "offer-message";
    static final String OFFER_MENU = "offer-menu";
    static final String OFFER_ACCEPTED = "offer-accepted";
    static final String OFFER_DECLINED = "offer-declined";
    static final String OFFER_TAKEN = "offer-taken";
    static final String OFFER_NOT_YOURS = "offer-not-yours";
    static final String OFFER_CLOSED = "offer-closed";
    static final String VOLUNTEER_NO_MORE_OFFERS = "volunteer-no-more-offers";
    static final String VOLUNTEER_CODE_IS = "volunteer-code-is";
    static final String ACCEPTED_INTRO = "accepted-intro";
    static final String ACCEPTED_MENU = "accepted-menu";
    /** Before a message the resident left calling again about an accepted ticket. */
    static final String ACCEPTED_ADDED_MESSAGE = "accepted-added-message";
    static final String DONE_RECORDED = "done-recorded";

    static final String OFFER_CALL_INTRO = "offer-call-intro";
    static final String OFFER_CALL_MENU = "offer-call-menu";
    static final String OFFER_CALL_SEE_TEXT = "offer-call-see-text";

    static final String RATING_INTRO = "rating-intro";
    static final String RATING_DONE = "rating-done";
    static final String RATING_SATISFACTION = "rating-satisfaction";
    static final String RATING_NOT_DONE = "rating-not-done";
    static final String RATING_THANKS = "rating-thanks";

    static final String CONFIRM_ACCEPTED = "confirm-accepted";
    static final String CONFIRM_VOLUNTEER_IS = "confirm-volunteer-is";
    static final String GOODBYE = "goodbye";

    static final String BROADCAST_INTRO = "broadcast-intro";
    static final String BROADCAST_INTRO_URGENT = "broadcast-intro-urgent";
    static final String BROADCAST_AGAIN = "broadcast-again";
    static final String BROADCAST_HEARD = "broadcast-heard";
    static final String BROADCAST_THANKS = "broadcast-thanks";

    static final String CHECKIN_ASK = "checkin-ask";
    static final String CHECKIN_OK = "checkin-ok";
    static final String CHECKIN_HELP = "checkin-help";

    private Prompts() {
    }

    /** {@code category-repair} and so on. */
    static String category(Category category) {
        return "category-" + category.name().toLowerCase(Locale.ROOT);
    }

    /** The code read twice, digit by digit: many callers are hard of hearing. */
    static void readBackCode(AgiCall call, String code) throws CallEnded {
        call.play(TICKET_CODE_IS);
        call.sayDigits(code);
        call.play(TICKET_CODE_AGAIN);
        call.sayDigits(code);
    }

    /** The same for a call added to the caller's open request: which request, read twice. */
    static void readBackJoined(AgiCall call, String code) throws CallEnded {
        call.play(ADDED_TO_REQUEST);
        call.sayDigits(code);
        call.play(TICKET_CODE_AGAIN);
        call.sayDigits(code);
    }
}
