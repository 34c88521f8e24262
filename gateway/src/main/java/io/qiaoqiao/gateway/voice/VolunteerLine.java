package io.qiaoqiao.gateway.voice;

import io.qiaoqiao.gateway.roster.PhoneNumbers;
import io.qiaoqiao.plugin.api.Urgency;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/**
 * Script {@code volunteer}: a volunteer, known by caller ID, hears their pending offers one by
 * one (category, village group, the resident's message) and presses 1 accept, 2 decline,
 * 3 next; then the tickets they have accepted (category, code, and any message the resident left
 * calling again about it), where 1 reports one done, as
 * "D 1234" does by SMS, and 2 goes on. The desk applies the same rules as SMS replies,
 * including who accepted first.
 */
public final class VolunteerLine implements VoiceScript {
    private static final Logger log = LoggerFactory.getLogger(VolunteerLine.class);

    private final VoiceDesk desk;
    private final CallerCache callers;
    private final VoiceSettings settings;
    private final DeskWait wait;

    public VolunteerLine(VoiceDesk desk, CallerCache callers, VoiceSettings settings) {
        this.desk = desk;
        this.callers = callers;
        this.settings = settings;
        this.wait = new DeskWait(settings.deskTimeout());
    }

    @Override
    public void run(AgiCall call) throws CallEnded {
        Optional<String> phone = PhoneNumbers.normalize(call.header().callerId());
        call.answer();
        try {
            Optional<VoiceDesk.Caller> volunteer = phone.isEmpty() ? Optional.empty()
                    : wait.await(callers.lookup(phone.get()), "lookupCaller")
                    .filter(c -> c.role() == VoiceDesk.Role.VOLUNTEER);
            if (volunteer.isEmpty()) {
                log.info("volunteer line: {} is not a volunteer", PhoneNumbers.mask(call.header().callerId()));
                call.play(Prompts.VOLUNTEER_UNKNOWN);
                return;
            }
            List<VoiceDesk.PendingOffer> offers = wait.await(desk.pendingOffers(phone.get()), "pendingOffers");
            List<VoiceDesk.AcceptedTicket> accepted = wait.await(desk.acceptedTickets(phone.get()), "acceptedTickets");
            if (offers.isEmpty() && accepted.isEmpty()) {
                call.play(Prompts.VOLUNTEER_NO_OFFERS);
                return;
            }
            for (VoiceDesk.PendingOffer offer : offers) {
                present(call, offer);
                Optional<Character> key = call.askChoice(Prompts.OFFER_MENU, "123", settings.digitTimeoutMs(), 2);
                if (key.isPresent() && key.get() != '3') {
                    answer(call, phone.get(), offer, key.get() == '1' ? VoiceDesk.OfferAnswer.ACCEPT : VoiceDesk.OfferAnswer.DECLINE);
                }
            }
            for (VoiceDesk.AcceptedTicket ticket : accepted) {
                call.play(Prompts.ACCEPTED_INTRO);
                call.play(Prompts.category(ticket.category()));
                call.play(Prompts.VOLUNTEER_CODE_IS);
                call.sayDigits(ticket.ticketCode());
                for (String message : ticket.addedMessages()) {
                    call.play(Prompts.ACCEPTED_ADDED_MESSAGE);
                    call.playFile(message);
                }
                Optional<Character> key = call.askChoice(Prompts.ACCEPTED_MENU, "12", settings.digitTimeoutMs(), 2);
                if (key.isPresent() && key.get() == '1') {
                    done(call, phone.get(), ticket);
                }
            }
            call.play(Prompts.VOLUNTEER_NO_MORE_OFFERS);
        } catch (DeskWait.DeskUnavailable e) {
            log.error("volunteer line for {}: {}", PhoneNumbers.mask(call.header().callerId()), e.getMessage());
            call.play(Prompts.DESK_UNAVAILABLE);
        }
    }

    private static void present(AgiCall call, VoiceDesk.PendingOffer offer) throws CallEnded {
        call.play(Prompts.OFFER_INTRO);
        if (offer.urgency() == Urgency.URGENT) {
            call.play(Prompts.OFFER_URGENT);
        }
        call.play(Prompts.category(offer.category()));
        if (offer.villageGroupPrompt().isPresent()) {
            call.play(offer.villageGroupPrompt().get());
        }
        if (offer.recording().isPresent()) {
            call.play(Prompts.OFFER_MESSAGE);
            call.playFile(offer.recording().get());
        }
    }

    private void done(AgiCall call, String phone, VoiceDesk.AcceptedTicket ticket) throws CallEnded, DeskWait.DeskUnavailable {
        VoiceDesk.DoneOutcome outcome = wait.await(desk.reportDone(phone, ticket.ticketCode()), "reportDone");
        log.info("ticket {} reported done by phone from {}: {}", ticket.ticketCode(), PhoneNumbers.mask(phone), outcome);
        call.play(outcome == VoiceDesk.DoneOutcome.DONE ? Prompts.DONE_RECORDED : Prompts.OFFER_CLOSED);
    }

    private void answer(AgiCall call, String phone, VoiceDesk.PendingOffer offer, VoiceDesk.OfferAnswer answer)
            throws CallEnded, DeskWait.DeskUnavailable {
        VoiceDesk.OfferOutcome outcome = wait.await(desk.answerOffer(phone, offer.ticketCode(), answer), "answerOffer");
        log.info("ticket {} {} by phone from {}: {}", offer.ticketCode(), answer, PhoneNumbers.mask(phone), outcome);
        playOutcome(call, outcome, offer.ticketCode());
    }

    /** What the volunteer hears after answering an offer, here or on an urgent offer's call. */
    static void playOutcome(AgiCall call, VoiceDesk.OfferOutcome outcome, String ticketCode) throws CallEnded {
        switch (outcome) {
            case ACCEPTED -> {
                call.play(Prompts.OFFER_ACCEPTED);
                call.sayDigits(ticketCode);
            }
            case DECLINED -> call.play(Prompts.OFFER_DECLINED);
            case TAKEN_BY_OTHER -> call.play(Prompts.OFFER_TAKEN);
            case NOT_YOURS -> call.play(Prompts.OFFER_NOT_YOURS);
            case NO_LONGER_OPEN -> call.play(Prompts.OFFER_CLOSED);
        }
    }
}
