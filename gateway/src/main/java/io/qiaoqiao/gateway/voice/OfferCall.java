package io.qiaoqiao.gateway.voice;

import io.qiaoqiao.gateway.roster.PhoneNumbers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Script {@code offer}: the call that rings an urgent offer through to a group leader (or a duty
 * phone) as well as texting it. Reads the category and the code twice; whoever holds the offer
 * presses 1 to take it or 2 to pass, through the same desk as the volunteer line and SMS, so the
 * first accept wins however it came. A duty phone, or someone whose offer ended meanwhile, hears
 * the request is in their texts or already over. Whom the call rang comes in the channel
 * variable {@code QQ_TO} (the ticket in {@code ?ticket=} or {@code QQ_TICKET}).
 */
public final class OfferCall implements VoiceScript {
    private static final Logger log = LoggerFactory.getLogger(OfferCall.class);

    private final VoiceDesk desk;
    private final VoiceSettings settings;
    private final DeskWait wait;

    public OfferCall(VoiceDesk desk, VoiceSettings settings) {
        this.desk = desk;
        this.settings = settings;
        this.wait = new DeskWait(settings.deskTimeout());
    }

    @Override
    public void run(AgiCall call) throws CallEnded {
        String ticket = OutboundTicket.of(call);
        VoiceDesk.ScriptResult reached;
        try {
            reached = converse(call, ticket);
        } catch (CallEnded ended) {
            OutboundReport.send(desk, wait, call, ticket, "offer", VoiceDesk.ScriptResult.COMPLETED, ended);
            throw ended;
        }
        OutboundReport.send(desk, wait, call, ticket, "offer", reached, null);
    }

    private VoiceDesk.ScriptResult converse(AgiCall call, String ticket) throws CallEnded {
        try {
            Optional<String> to = call.variable("QQ_TO").flatMap(PhoneNumbers::normalize);
            call.answer();
            Optional<VoiceDesk.PendingOffer> offer = to.isEmpty() ? Optional.empty() : pendingOffer(to.get(), ticket);
            call.play(Prompts.OFFER_CALL_INTRO);
            if (offer.isPresent()) {
                call.play(Prompts.category(offer.get().category()));
            }
            call.play(Prompts.VOLUNTEER_CODE_IS);
            call.sayDigits(ticket);
            call.play(Prompts.TICKET_CODE_AGAIN);
            call.sayDigits(ticket);
            if (offer.isEmpty()) {
                call.play(isVolunteer(to) ? Prompts.OFFER_CLOSED : Prompts.OFFER_CALL_SEE_TEXT);
                return VoiceDesk.ScriptResult.COMPLETED;
            }
            Optional<Character> key = call.askChoice(Prompts.OFFER_CALL_MENU, "12", settings.digitTimeoutMs(), 2);
            if (key.isEmpty()) {
                call.play(Prompts.GOODBYE);
                return VoiceDesk.ScriptResult.NO_KEY;
            }
            VoiceDesk.OfferAnswer answer = key.get() == '1' ? VoiceDesk.OfferAnswer.ACCEPT : VoiceDesk.OfferAnswer.DECLINE;
            VoiceDesk.OfferOutcome outcome = wait.await(desk.answerOffer(to.get(), ticket, answer), "answerOffer");
            log.info("ticket {} {} on the offer call to {}: {}", ticket, answer, PhoneNumbers.mask(to.get()), outcome);
            VolunteerLine.playOutcome(call, outcome, ticket);
        } catch (DeskWait.DeskUnavailable e) {
            log.error("ticket {} offer call: {}", ticket, e.getMessage());
            call.play(Prompts.DESK_UNAVAILABLE);
        }
        return VoiceDesk.ScriptResult.COMPLETED;
    }

    /** The callee's pending offer of this ticket, if they still have one. */
    private Optional<VoiceDesk.PendingOffer> pendingOffer(String phone, String ticket) throws DeskWait.DeskUnavailable {
        return wait.await(desk.pendingOffers(phone), "pendingOffers").stream()
                .filter(o -> o.ticketCode().equals(ticket)).findFirst();
    }

    private boolean isVolunteer(Optional<String> phone) throws DeskWait.DeskUnavailable {
        return phone.isPresent() && wait.await(desk.lookupCaller(phone.get()), "lookupCaller")
                .filter(c -> c.role() == VoiceDesk.Role.VOLUNTEER).isPresent();
    }
}
