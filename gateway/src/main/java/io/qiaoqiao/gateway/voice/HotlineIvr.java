package io.qiaoqiao.gateway.voice;

import io.qiaoqiao.gateway.roster.PhoneNumbers;
import io.qiaoqiao.plugin.api.Category;
import io.qiaoqiao.plugin.api.Urgency;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;

/**
 * Script {@code hotline}: a resident's call. A short greeting, then the menu once (1 errand,
 * 2 repair, 3 advice, 4 dispute, 0 urgent, "or just speak after the tone"); a wrong key hears
 * the menu once more, while a caller who presses nothing hears our own beep and leaves a
 * message. Many callers are over 80 and hang up when kept waiting, so the beep comes within
 * 30 s of the answer (greeting, menu and {@code voice.digit-timeout-ms}; see
 * {@code TimeToBeepTest}). A recording that fails leaves the caller on the line with a callback
 * ticket; a caller who hangs up before a ticket exists still gets one, of kind
 * {@link VoiceDesk.RequestKind#CALLBACK}. Once the ticket exists its code is read back twice.
 * When the ticket system cannot open the ticket in time (the database slow or away) the call is
 * written to the {@link CallSpool} and becomes a ticket later; the caller hears that a volunteer
 * will call back. A caller is never lost.
 *
 * <p>A call from a phone with an open request about the same need (the desk decides, by the menu
 * key) joins that request rather than opening a second ticket: the caller hears that the call was
 * added to their request, and its code twice.
 *
 * <p>A caller with an open request hears a greeting that offers 9 for where it stands (its code,
 * who has it, the volunteer's phone), said in place of the usual greeting so that the beep still
 * comes within 30 s; 9 works in the menu too. Whether there is one is asked before the answer
 * and waited for only briefly: a slow desk gives the usual greeting, never silence.
 */
public final class HotlineIvr implements VoiceScript {
    private static final Logger log = LoggerFactory.getLogger(HotlineIvr.class);
    private static final String MENU_KEYS = "01234";
    private static final char STATUS_KEY = '9';
    private static final Duration STANDING_WAIT = Duration.ofSeconds(1);

    private final VoiceDesk desk;
    private final CallerCache callers;
    private final VoiceSettings settings;
    private final VoiceMetrics metrics;
    private final CallSpool spool;
    private final DeskWait wait;
    private final DeskWait glance;

    HotlineIvr(VoiceDesk desk, CallerCache callers, VoiceSettings settings, VoiceMetrics metrics, CallSpool spool) {
        this.desk = desk;
        this.callers = callers;
        this.settings = settings;
        this.metrics = metrics;
        this.spool = spool;
        this.wait = new DeskWait(settings.deskTimeout());
        this.glance = new DeskWait(settings.deskTimeout().compareTo(STANDING_WAIT) < 0 ? settings.deskTimeout() : STANDING_WAIT);
    }

    /** What became of the call's request. */
    private sealed interface Kept {
        /** The ticket exists, or the call joined the caller's open request ({@code joined}); its code is read back. */
        record Ticket(String code, boolean joined) implements Kept {
        }

        /** Written to the spool: it becomes a ticket once the desk answers again. */
        record Spooled() implements Kept {
        }

        /** Not even the spool could take it (logged). */
        record Lost() implements Kept {
        }
    }

    /** What the caller asked for, from the key they pressed. */
    private record Choice(String name, Category category, Urgency urgency) {
        static final Choice NONE = new Choice("none", Category.UNKNOWN, Urgency.NORMAL);

        static Choice of(char key) {
            return switch (key) {
                case '1' -> new Choice("errand", Category.ERRAND, Urgency.NORMAL);
                case '2' -> new Choice("repair", Category.REPAIR, Urgency.NORMAL);
                case '3' -> new Choice("advice", Category.ADVICE, Urgency.NORMAL);
                case '4' -> new Choice("mediation", Category.MEDIATION, Urgency.NORMAL);
                case '0' -> new Choice("urgent", Category.UNKNOWN, Urgency.URGENT);
                default -> NONE;
            };
        }
    }

    @Override
    public void run(AgiCall call) throws CallEnded {
        Optional<String> e164 = PhoneNumbers.normalize(call.header().callerId());
        String phone = e164.orElse(call.header().callerId());
        // Started before answering; awaited only when the ticket is opened.
        Future<Optional<VoiceDesk.Caller>> caller = e164.isPresent()
                ? callers.lookup(phone) : Future.succeededFuture(Optional.empty());
        // Started before answering too; the greeting depends on it.
        Future<Optional<VoiceDesk.RequestStanding>> standing = e164.isPresent()
                ? desk.standing(phone) : Future.succeededFuture(Optional.empty());
        Choice choice = Choice.NONE;
        AgiCall.Recording recording = null;
        boolean onlyAsking = false;
        Kept kept;
        try {
            call.answer();
            Optional<VoiceDesk.RequestStanding> open = openRequest(standing);
            String keys = open.isPresent() ? MENU_KEYS + STATUS_KEY : MENU_KEYS;
            Optional<Character> key = call.playUntilKey(
                    open.isPresent() ? Prompts.HOTLINE_GREETING_STATUS : Prompts.HOTLINE_GREETING, keys);
            if (key.isEmpty()) {
                key = menu(call, keys);
            }
            if (key.isPresent() && key.get() == STATUS_KEY) {
                onlyAsking = true;
                metrics.choice("status");
                readOut(call, open.orElseThrow());
                return;
            }
            choice = key.map(Choice::of).orElse(Choice.NONE);
            metrics.choice(choice.name());
            if (key.isEmpty()) {
                recording = record(call);
                if (recording.callerHungUp()) {
                    throw new CallEnded(CallEnded.Reason.HANGUP, "hung up while recording");
                }
            }
            VoiceDesk.RequestKind kind = recording != null && !recording.hasSound()
                    ? VoiceDesk.RequestKind.CALLBACK : VoiceDesk.RequestKind.REQUEST;
            kept = open(call, phone, caller, choice, kind, recording);
        } catch (CallEnded ended) {
            if (!onlyAsking) { // a caller who hangs up while hearing where their request stands needs no callback
                openCallback(call, phone, caller, choice, recording, ended);
            }
            throw ended;
        }
        switch (kept) {
            case Kept.Ticket(String code, boolean joined) -> {
                if (joined) {
                    Prompts.readBackJoined(call, code);
                } else {
                    Prompts.readBackCode(call, code);
                }
                call.play(choice.urgency() == Urgency.URGENT ? Prompts.HELP_IS_COMING_URGENT : Prompts.HELP_IS_COMING);
            }
            // A callback needs a number to call: a withheld one only hears to call again.
            case Kept.Spooled s -> call.play(e164.isPresent() ? Prompts.DESK_CALLBACK : Prompts.DESK_UNAVAILABLE);
            case Kept.Lost l -> call.play(Prompts.DESK_UNAVAILABLE);
        }
    }

    /** The caller's open request, if the desk says so in time; otherwise the call goes on as for anyone. */
    private Optional<VoiceDesk.RequestStanding> openRequest(Future<Optional<VoiceDesk.RequestStanding>> standing) {
        try {
            return glance.await(standing, "standing");
        } catch (DeskWait.DeskUnavailable e) {
            log.warn("no status key for this call: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** Where the request stands: its code, who has it, the volunteer's phone, digit by digit. */
    private static void readOut(AgiCall call, VoiceDesk.RequestStanding standing) throws CallEnded {
        call.play(Prompts.TICKET_CODE_IS);
        call.sayDigits(standing.ticketCode());
        switch (standing.stage()) {
            case WAITING -> call.play(Prompts.STATUS_WAITING);
            case HELD -> call.play(Prompts.STATUS_HELD);
            case ESCALATED -> call.play(Prompts.STATUS_ESCALATED);
            case ACCEPTED -> {
                call.play(Prompts.STATUS_ACCEPTED);
                if (standing.volunteerPhone().isPresent()) {
                    call.sayDigits(standing.volunteerPhone().get());
                }
            }
        }
        call.play(Prompts.GOODBYE);
    }

    /**
     * The menu, once: it already says what to do without a key, so silence goes straight to the
     * tone. A key that is not on the menu (a slip of the finger) hears it once more.
     */
    private Optional<Character> menu(AgiCall call, String keys) throws CallEnded {
        for (int i = 0; i < 2; i++) {
            Optional<Character> key = call.askKey(Prompts.HOTLINE_MENU, settings.digitTimeoutMs());
            if (key.isEmpty() || keys.indexOf(key.get()) >= 0) {
                return key;
            }
        }
        return Optional.empty();
    }

    private AgiCall.Recording record(AgiCall call) throws CallEnded {
        String base = settings.recordingsDir() + "/" + call.header().uniqueId().replaceAll("[^0-9A-Za-z.-]", "_");
        call.play(Prompts.BEEP);
        AgiCall.Recording recording = call.record(base, settings.maxRecordingSeconds(), settings.recordingSilenceSeconds());
        if (recording.hasSound()) {
            metrics.recording();
        }
        if (recording.end() == AgiCall.RecordingEnd.CANNOT_WRITE) {
            log.error("call {} from {}: {}", call.header().uniqueId(), PhoneNumbers.mask(call.header().callerId()),
                    recordingFailure(recording, settings.recordingsDir()));
        } else if (recording.failed()) {
            log.warn("call {} from {}: {}", call.header().uniqueId(), PhoneNumbers.mask(call.header().callerId()),
                    recordingFailure(recording, settings.recordingsDir()));
        }
        return recording;
    }

    /** The one log line for a recording Asterisk could not make; says what to fix. */
    static String recordingFailure(AgiCall.Recording recording, String recordingsDir) {
        String what = recording.end() == AgiCall.RecordingEnd.CANNOT_WRITE
                ? "Asterisk could not create " + recording.path() + ": the folder voice.recordings-dir=" + recordingsDir
                + " is missing or Asterisk may not write to it (see ops/asterisk/README.md)"
                : "Asterisk could not record (" + recording.asteriskAnswer() + ")";
        return what + "; the caller stays on the line and gets a callback ticket";
    }

    /** The caller went away before a ticket existed: ask a volunteer to call them back. */
    private void openCallback(AgiCall call, String phone, Future<Optional<VoiceDesk.Caller>> caller, Choice choice,
                              AgiCall.Recording recording, CallEnded ended) {
        if (PhoneNumbers.normalize(phone).isEmpty()) {
            log.warn("call {} ended ({}) before a ticket, caller ID '{}' cannot be called back",
                    call.header().uniqueId(), ended.getMessage(), phone);
            return;
        }
        Kept kept = open(call, phone, caller, choice, VoiceDesk.RequestKind.CALLBACK, recording);
        if (kept instanceof Kept.Ticket(String code, boolean joined)) {
            log.info("ticket {} {} for {}: call {} ended before a ticket ({})", code, joined ? "noted the call" : "callback",
                    PhoneNumbers.mask(phone), call.header().uniqueId(), ended.getMessage());
        }
    }

    /** Opens the ticket, or when the desk cannot in time, spools the call for later. */
    private Kept open(AgiCall call, String phone, Future<Optional<VoiceDesk.Caller>> caller, Choice choice,
                      VoiceDesk.RequestKind kind, AgiCall.Recording recording) {
        boolean registered = registered(caller);
        Optional<String> recordingPath = Optional.ofNullable(recording)
                .filter(AgiCall.Recording::hasSound).map(AgiCall.Recording::path);
        VoiceDesk.VoiceRequest request = new VoiceDesk.VoiceRequest(call.header().uniqueId(), phone, registered,
                choice.category(), choice.urgency(), kind, recordingPath);
        try {
            VoiceDesk.Filed filed = wait.await(desk.openTicket(request), "openTicket");
            if (kind == VoiceDesk.RequestKind.CALLBACK && !filed.joined()) {
                metrics.callbackTicket();
            }
            log.info("ticket {} {} call from {} ({}, {}, {}{})", filed.ticketCode(), filed.joined() ? "joined by" : "opened by",
                    PhoneNumbers.mask(phone), registered ? "registered" : "unregistered", choice.name(), kind,
                    recordingPath.isPresent() ? ", with recording" : "");
            return new Kept.Ticket(filed.ticketCode(), filed.joined());
        } catch (DeskWait.DeskUnavailable e) {
            log.warn("call {} from {}: no ticket yet, {}", call.header().uniqueId(), PhoneNumbers.mask(phone), e.getMessage());
            return spool.keep(request) ? new Kept.Spooled() : new Kept.Lost();
        }
    }

    private boolean registered(Future<Optional<VoiceDesk.Caller>> caller) {
        try {
            return wait.await(caller, "lookupCaller").isPresent();
        } catch (DeskWait.DeskUnavailable e) {
            log.warn("caller look-up failed, ticket marked unregistered: {}", e.getMessage());
            return false;
        }
    }
}
