package io.qiaoqiao.gateway.dispatch;

import io.qiaoqiao.gateway.plugins.PluginSet;
import io.qiaoqiao.gateway.ticket.Ticket;
import io.qiaoqiao.plugin.api.Category;
import java.time.Instant;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The words of every text the gateway sends, taken from the message templates of the plugin
 * set in use (the built-in {@code templates} plugin by default, so a studio can change any
 * wording in its config or with a plugin). The signature template is put in front of every
 * text. Phone numbers are shown in the national form people dial.
 */
public final class Texts {
    /** Every template key the gateway uses; a plugin set that lacks one in its locale is refused. */
    public static final Set<String> KEYS = Set.of("signature", "received", "received-truncated", "empty-request", "held",
            "offer", "offer-confidential", "escalation", "escalation-confidential", "duty-phone", "duty-phone-confidential",
            "handover", "recipient.liaison", "recipient.leaders", "recipient.neighbours", "recipient.village-committee",
            "recipient.township-centre", "recipient.studio", "history.nobody-left", "history.budget", "history.deadline",
            "history.silent", "history.nudged", "history.handed-on", "deadline-reminder", "chase", "handed-up-to-volunteer", "in-progress",
            "accepted-to-volunteer", "accepted-to-volunteer-confidential", "confirmation-to-resident",
            "confirmation-to-family", "taken-by-other", "already-yours", "declined", "done-to-resident",
            "done-to-volunteer", "not-yours", "offer-expired", "offer-withdrawn", "not-active", "unknown-code",
            "nothing-pending", "which-one", "volunteer-help", "not-a-volunteer",
            "follow-up-forwarded", "follow-up-noted", "follow-up-to-volunteer", "follow-up-to-volunteer-confidential",
            "follow-up-call-to-volunteer", "follow-up-call-message-to-volunteer",
            "status-waiting", "status-held", "status-accepted", "status-done", "status-none", "nudged", "done-to-family",
            "rating-request", "rating-request-family", "rating-thanks", "rating-not-done", "closed-to-resident", "closed-ack",
            "report-received", "leave-set", "my-tickets", "handed-on", "assigned", "assigned-confidential", "reassigned-away",
            "withdrawn-by-studio", "reopened-to-resident",
            "my-ticket-accepted", "my-ticket-offered", "my-tickets-separator",
            // Reaching every resident (issue 14): broadcasts, check-ins, the one-to-one help ledger.
            "broadcast-notice", "broadcast-notice-urgent", "broadcast-not-reached", "checkin-missed-family",
            "recipient.paired", "ledger-village");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DAY_AND_CLOCK = DateTimeFormatter.ofPattern("M月d日HH:mm");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("M月d日");

    private final Supplier<PluginSet> plugins;
    private final ZoneId zone;

    public Texts(Supplier<PluginSet> plugins, ZoneId zone) {
        this.plugins = plugins;
        this.zone = zone;
    }

    /**
     * The same words from one plugin set, fixed: a decision takes its set once and words all its
     * texts from it, so a reload in the middle cannot mix two wordings or two rule sets.
     */
    public Texts of(PluginSet set) {
        return new Texts(() -> set, zone);
    }

    /** A time of the studio clock as people read it: 17:00 today, else 12月3日17:00. */
    public String when(Instant at, Instant now) {
        var local = at.atZone(zone);
        return local.toLocalDate().equals(now.atZone(zone).toLocalDate()) ? CLOCK.format(local) : DAY_AND_CLOCK.format(local);
    }

    /** +8613900001001 → 13900001001; other countries keep their + form. */
    public static String dialable(String e164) {
        return e164 != null && e164.startsWith("+86") ? e164.substring(3) : String.valueOf(e164);
    }

    public String received(String code) {
        return text("received", "code", code);
    }

    public String receivedTruncated(String code, int keptChars) {
        return text("received-truncated", "code", code, "kept", String.valueOf(keptChars));
    }

    public String emptyRequest() {
        return text("empty-request");
    }

    /** To the resident whose normal request waits for the end of quiet hours. */
    public String held(String code, Instant until) {
        return text("held", "code", code, "until", CLOCK.format(until.atZone(zone)));
    }

    public String offer(String code, Category category, String residentName, String place, String residentPhone,
                        String request) {
        return text("offer", "code", code, "category", category.label(), "name", residentName, "place", place,
                "phone", dialable(residentPhone), "request", request);
    }

    /** An offer of a confidential ticket: no request text, no name. */
    public String offerConfidential(String code, Category category, String place, String residentPhone) {
        return text("offer-confidential", "code", code, "category", category.label(), "place", place,
                "phone", dialable(residentPhone));
    }

    /** The offer of a ticket to a neighbour: without name and request when the ticket is confidential. */
    public String offer(Ticket ticket, String request) {
        return ticket.confidential()
                ? offerConfidential(ticket.code(), ticket.category(), ticket.place(), ticket.contactPhone())
                : offer(ticket.code(), ticket.category(), ticket.residentName(), ticket.place(), ticket.contactPhone(), request);
    }

    /** To the people a later step reaches; {@code history} says why they are asked. Confidential: no name, no request. */
    public String escalation(Ticket ticket, String to, String history) {
        return ticket.confidential()
                ? text("escalation-confidential", "code", ticket.code(), "category", ticket.category().label(), "to", to,
                        "place", ticket.place(), "phone", dialable(ticket.contactPhone()), "history", history)
                : text("escalation", "code", ticket.code(), "category", ticket.category().label(), "to", to,
                        "name", ticket.residentName(), "place", ticket.place(), "phone", dialable(ticket.contactPhone()),
                        "request", Dispatcher.clip(ticket.text()), "history", history);
    }

    /** To a duty phone: the whole request to handle off-line; confidential: how to reach the resident only. */
    public String dutyPhone(Ticket ticket, String to, String history) {
        return ticket.confidential()
                ? text("duty-phone-confidential", "code", ticket.code(), "category", ticket.category().label(), "to", to,
                        "place", ticket.place(), "phone", dialable(ticket.contactPhone()), "history", history)
                : text("duty-phone", "code", ticket.code(), "category", ticket.category().label(), "to", to,
                        "name", ticket.residentName(), "place", ticket.place(), "phone", dialable(ticket.contactPhone()),
                        "request", Dispatcher.clip(ticket.text()), "history", history);
    }

    /** Why a ticket was handed up, as the words put in front of an escalation. */
    public String history(Climb why) {
        PluginSet set = plugins.get();
        return set.templates().template("history." + why.id(), set.locale()).orElse("");
    }

    /** To the volunteer who accepted: a confidential ticket's details go to them, and to nobody else. */
    public String acceptedToVolunteer(Ticket ticket) {
        return ticket.confidential()
                ? text("accepted-to-volunteer-confidential", "code", ticket.code(), "name", ticket.residentName(),
                        "place", ticket.place(), "phone", dialable(ticket.contactPhone()), "request", ticket.text())
                : acceptedToVolunteer(ticket.code());
    }

    public String deadlineReminder(String code, Instant due, Instant now) {
        return text("deadline-reminder", "code", code, "due", when(due, now));
    }

    public String chase(String code) {
        return text("chase", "code", code);
    }

    public String handedUpToVolunteer(String code, String to) {
        return text("handed-up-to-volunteer", "code", code, "to", to);
    }

    public String inProgress(String code, Instant due, Instant now) {
        return text("in-progress", "code", code, "due", when(due, now));
    }

    public String offerExpired(String code) {
        return text("offer-expired", "code", code);
    }

    public String offerWithdrawn(String code) {
        return text("offer-withdrawn", "code", code);
    }

    public String notActive() {
        return text("not-active");
    }

    public String followUpForwarded(String code) {
        return text("follow-up-forwarded", "code", code);
    }

    public String followUpNoted(String code) {
        return text("follow-up-noted", "code", code);
    }

    /** What a resident added, for the volunteer who has the ticket; confidential: only that there is news. */
    public String followUpToVolunteer(Ticket ticket, String added) {
        return ticket.confidential() ? text("follow-up-to-volunteer-confidential", "code", ticket.code())
                : text("follow-up-to-volunteer", "code", ticket.code(), "text", added);
    }

    /**
     * For the volunteer who has the ticket: the resident (or a family member) called the hotline
     * again about it; with a message, that the volunteer line plays it. Confidential: only that there is news.
     */
    public String followUpCallToVolunteer(Ticket ticket, boolean leftMessage) {
        if (ticket.confidential()) {
            return text("follow-up-to-volunteer-confidential", "code", ticket.code());
        }
        return text(leftMessage ? "follow-up-call-message-to-volunteer" : "follow-up-call-to-volunteer",
                "code", ticket.code(), "phone", dialable(ticket.contactPhone()));
    }

    public String statusWaiting(String code, Instant since, String to, Instant now) {
        return text("status-waiting", "code", code, "since", when(since, now), "to", to);
    }

    public String statusHeld(String code, Instant since, Instant until, Instant now) {
        return text("status-held", "code", code, "since", when(since, now), "until", when(until, now));
    }

    public String statusAccepted(String code, String volunteer, String volunteerPhone, Instant since, Instant due, Instant now) {
        return text("status-accepted", "code", code, "volunteer", volunteer, "volunteerPhone", dialable(volunteerPhone),
                "since", when(since, now), "due", when(due, now));
    }

    public String statusDone(String code, Instant at, Instant now) {
        return text("status-done", "code", code, "since", when(at, now));
    }

    public String statusNone() {
        return text("status-none");
    }

    public String nudged(String code, String to) {
        return text("nudged", "code", code, "to", to);
    }

    public String doneToFamily(String code, String residentName) {
        return text("done-to-family", "code", code, "name", residentName);
    }

    public String ratingRequest(String code) {
        return text("rating-request", "code", code);
    }

    public String ratingRequestToFamily(String code, String residentName) {
        return text("rating-request-family", "code", code, "name", residentName);
    }

    public String ratingThanks() {
        return text("rating-thanks");
    }

    public String ratingNotDone(String code) {
        return text("rating-not-done", "code", code);
    }

    /** The month's ledger of one village, to its groups' leaders; the values come formatted for people. */
    public String ledgerVillage(String month, String village, String requests, String categories, String rate, String accept,
                                String satisfaction, String overdue) {
        return text("ledger-village", "month", month, "village", village, "requests", requests, "categories", categories,
                "rate", rate, "accept", accept, "satisfaction", satisfaction, "overdue", overdue);
    }

    public String closedToResident(String code, String by) {
        return text("closed-to-resident", "code", code, "by", by);
    }

    public String closedAck(String code) {
        return text("closed-ack", "code", code);
    }

    public String reportReceived(String code) {
        return text("report-received", "code", code);
    }

    public String leaveSet(Instant until, Instant now) {
        return text("leave-set", "until", when(until, now));
    }

    /** Leave through a whole day: 到12月5日. */
    public String leaveSetThrough(MonthDay day) {
        return text("leave-set", "until", DAY.format(day));
    }

    /** A volunteer's open tickets, each worded by {@link #myTicketAccepted} or {@link #myTicketOffered}. */
    public String myTickets(List<String> items) {
        PluginSet set = plugins.get();
        return template(set, "signature") + part(set, "my-tickets", "list", String.join(template(set, "my-tickets-separator"), items));
    }

    /** One accepted ticket in the list of {@link #myTickets}: its code, category and deadline. */
    public String myTicketAccepted(String code, Category category, Instant due, Instant now) {
        return part("my-ticket-accepted", "code", code, "category", category.label(), "due", when(due, now));
    }

    /** One offer waiting for the volunteer's answer, in the list of {@link #myTickets}. */
    public String myTicketOffered(String code, Category category) {
        return part("my-ticket-offered", "code", code, "category", category.label());
    }

    public String handedOn(String code, String to) {
        return text("handed-on", "code", code, "to", to);
    }

    /** To the volunteer the studio gave the ticket to: the chosen one, who may see a confidential ticket's details. */
    public String assigned(Ticket ticket) {
        return text(ticket.confidential() ? "assigned-confidential" : "assigned", "code", ticket.code(),
                "category", ticket.category().label(), "name", ticket.residentName(), "place", ticket.place(),
                "phone", dialable(ticket.contactPhone()), "request", ticket.text());
    }

    public String reassignedAway(String code) {
        return text("reassigned-away", "code", code);
    }

    public String withdrawnByStudio(String code) {
        return text("withdrawn-by-studio", "code", code);
    }

    public String reopenedToResident(String code) {
        return text("reopened-to-resident", "code", code);
    }

    /** To volunteers an escalation step reaches; {@code to} names them, e.g. 志愿小组组长. */
    public String escalation(String code, Category category, String to, String residentName, String place,
                             String residentPhone, String request) {
        return text("escalation", "code", code, "category", category.label(), "to", to, "name", residentName,
                "place", place, "phone", dialable(residentPhone), "request", request);
    }

    public String escalationConfidential(String code, Category category, String to, String place, String residentPhone) {
        return text("escalation-confidential", "code", code, "category", category.label(), "to", to, "place", place,
                "phone", dialable(residentPhone));
    }

    /** To a duty phone (village committee, township centre): the whole request, to be handled off-line. */
    public String dutyPhone(String code, Category category, String to, String residentName, String place,
                            String residentPhone, String request) {
        return text("duty-phone", "code", code, "category", category.label(), "to", to, "name", residentName,
                "place", place, "phone", dialable(residentPhone), "request", request);
    }

    /** To the resident at each hand-over of the escalation chain. */
    public String handover(String code, String to) {
        return text("handover", "code", code, "to", to);
    }

    /** How the resident and volunteers are told who a step reaches: {@code liaison}, {@code leaders}, or a skill. */
    public String recipient(String kind) {
        String key = "recipient." + kind;
        PluginSet set = plugins.get();
        return set.templates().template(key, set.locale()).orElse(kind);
    }

    public String acceptedToVolunteer(String code) {
        return text("accepted-to-volunteer", "code", code);
    }

    public String confirmationToResident(String code, String volunteerName, String volunteerPhone) {
        return text("confirmation-to-resident", "code", code, "volunteer", volunteerName,
                "volunteerPhone", dialable(volunteerPhone));
    }

    public String confirmationToFamily(String code, String residentName, String volunteerName, String volunteerPhone) {
        return text("confirmation-to-family", "code", code, "name", residentName, "volunteer", volunteerName,
                "volunteerPhone", dialable(volunteerPhone));
    }

    public String takenByOther(String code) {
        return text("taken-by-other", "code", code);
    }

    public String alreadyYours(String code) {
        return text("already-yours", "code", code);
    }

    public String declined(String code) {
        return text("declined", "code", code);
    }

    public String doneToResident(String code) {
        return text("done-to-resident", "code", code);
    }

    public String doneToVolunteer(String code, int points) {
        return text("done-to-volunteer", "code", code, "points", String.valueOf(points));
    }

    public String notYours(String code) {
        return text("not-yours", "code", code);
    }

    public String unknownCode(String code) {
        return text("unknown-code", "code", code);
    }

    public String nothingPending() {
        return text("nothing-pending");
    }

    public String whichOne(int pending) {
        return text("which-one", "pending", String.valueOf(pending));
    }

    public String volunteerHelp() {
        return text("volunteer-help");
    }

    public String notAVolunteer() {
        return text("not-a-volunteer");
    }

    /** A broadcast's notice as a text, to whoever its calls did not reach. */
    public String broadcastNotice(String notice, boolean emergency) {
        return text(emergency ? "broadcast-notice-urgent" : "broadcast-notice", "text", notice);
    }

    /** To a group leader: who of theirs the broadcast's calls did not reach, so someone knocks on the door. */
    public String broadcastNotReached(String title, int count, String residents) {
        return text("broadcast-not-reached", "title", title, "count", String.valueOf(count), "list", residents);
    }

    /** To the family when a check-in call got no answer after every try: a volunteer is on the way. */
    public String checkinMissedFamily(String name, int tries, String code) {
        return text("checkin-missed-family", "name", name, "tries", String.valueOf(tries), "code", code);
    }

    private String text(String key, String... namesAndValues) {
        PluginSet set = plugins.get();
        return template(set, "signature") + part(set, key, namesAndValues);
    }

    /** A template filled in, without the signature: a part of a whole text. */
    private String part(String key, String... namesAndValues) {
        return part(plugins.get(), key, namesAndValues);
    }

    private static String part(PluginSet set, String key, String... namesAndValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            values.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return fill(template(set, key), values);
    }

    private static String template(PluginSet set, String key) {
        // The set was checked for every key when it was built, so this only fails on a bug.
        return set.templates().template(key, set.locale())
                .orElseThrow(() -> new IllegalStateException("no template '" + key + "' for " + set.locale()));
    }

    /**
     * Replaces {@code {name}} placeholders in one pass, so a value that happens to contain
     * braces (a resident's text) is never expanded again. Unknown placeholders stay as written.
     */
    static String fill(String template, Map<String, String> values) {
        StringBuilder out = new StringBuilder(template.length() + 64);
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            int close = open < 0 ? -1 : template.indexOf('}', open);
            if (close < 0) {
                out.append(template, i, template.length());
                break;
            }
            String name = template.substring(open + 1, close);
            String value = values.get(name);
            out.append(template, i, open).append(value != null ? value : template.substring(open, close + 1));
            i = close + 1;
        }
        return out.toString();
    }
}
