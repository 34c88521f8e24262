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
 * 3 next. The desk applies the same rules as SMS replies, including who accepted first.
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
            if (offers.isEmpty()) {
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

    private void answer(AgiCall call, String phone, VoiceDesk.PendingOffer offer, VoiceDesk.OfferAnswer answer)
            throws CallEnded, DeskWait.DeskUnavailable {
        VoiceDesk.OfferOutcome outcome = wait.await(desk.answerOffer(phone, offer.ticketCode(), answer), "answerOffer");
        log.info("ticket {} {} by phone from {}: {}", offer.ticketCode(), answer, PhoneNumbers.mask(phone), outcome);
        switch (outcome) {
            case ACCEPTED -> {
                call.play(Prompts.OFFER_ACCEPTED);
                call.sayDigits(offer.ticketCode());
            }
            case DECLINED -> call.play(Prompts.OFFER_DECLINED);
            case TAKEN_BY_OTHER -> call.play(Prompts.OFFER_TAKEN);
            case NOT_YOURS -> call.play(Prompts.OFFER_NOT_YOURS);
            case NO_LONGER_OPEN -> call.play(Prompts.OFFER_CLOSED);
        }
    }
}
