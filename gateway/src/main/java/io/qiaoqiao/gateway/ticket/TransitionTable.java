package io.qiaoqiao.gateway.ticket;

import static io.qiaoqiao.gateway.ticket.TicketStatus.ACCEPTED;
import static io.qiaoqiao.gateway.ticket.TicketStatus.CLOSED;
import static io.qiaoqiao.gateway.ticket.TicketStatus.DONE;
import static io.qiaoqiao.gateway.ticket.TicketStatus.ESCALATED;
import static io.qiaoqiao.gateway.ticket.TicketStatus.HELD;
import static io.qiaoqiao.gateway.ticket.TicketStatus.OFFERED;
import static io.qiaoqiao.gateway.ticket.TicketStatus.OPEN;
import static io.qiaoqiao.gateway.ticket.TicketStatus.REOPENED;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The ticket and offer state machine as data: for each transition, the states it may start from
 * and the state it leads to. Pure; {@link TicketLifecycle} consults it before every write and
 * refuses (fails the transaction) what the table does not allow, so a bug elsewhere cannot put
 * a ticket into a state the loop has no way out of.
 */
public final class TransitionTable {
    /** What can happen to a ticket. */
    public enum Transition {
        /** Quiet hours, or a failed routing rule: wait until a time, then route again. */
        HOLD,
        /** The hold is over: route again. */
        RELEASE,
        /** The first step of the chain: offers to the resident's neighbours. */
        ROUTE,
        /** A later step of the chain, or a climb from an earlier one. */
        ESCALATE,
        /** An accepted ticket goes back up the chain: its deadline passed, its volunteer went silent, handed on. */
        HAND_UP,
        /** A volunteer accepted their pending offer. */
        ACCEPT,
        /** The studio gave it to a named volunteer. */
        ASSIGN,
        /** The volunteer who has it says it is done. */
        FINISH,
        /** The studio or a duty phone closed it. */
        CLOSE,
        /** The studio puts it back into the loop. */
        REOPEN,
        /** The resident says it was not done. */
        REPORT_NOT_DONE
    }

    /** What can happen to an offer. */
    public enum OfferTransition { MAKE, ACCEPT, DECLINE, EXPIRE, WITHDRAW }

    private record Rule(Set<TicketStatus> from, TicketStatus to) {
    }

    private record OfferRule(Set<Optional<OfferStatus>> from, OfferStatus to) {
    }

    private static final Map<Transition, Rule> TICKETS = new EnumMap<>(Transition.class);
    private static final Map<OfferTransition, OfferRule> OFFERS = new EnumMap<>(OfferTransition.class);

    static {
        TICKETS.put(Transition.HOLD, new Rule(EnumSet.of(OPEN, HELD, OFFERED, ESCALATED), HELD));
        TICKETS.put(Transition.RELEASE, new Rule(EnumSet.of(HELD), OPEN));
        TICKETS.put(Transition.ROUTE, new Rule(EnumSet.of(OPEN, OFFERED), OFFERED));
        TICKETS.put(Transition.ESCALATE, new Rule(EnumSet.of(OPEN, HELD, OFFERED, ESCALATED), ESCALATED));
        TICKETS.put(Transition.HAND_UP, new Rule(EnumSet.of(ACCEPTED), ESCALATED));
        TICKETS.put(Transition.ACCEPT, new Rule(EnumSet.of(OPEN, HELD, OFFERED, ESCALATED), ACCEPTED));
        TICKETS.put(Transition.ASSIGN, new Rule(EnumSet.of(OPEN, HELD, OFFERED, ESCALATED, ACCEPTED, REOPENED), ACCEPTED));
        TICKETS.put(Transition.FINISH, new Rule(EnumSet.of(ACCEPTED), DONE));
        TICKETS.put(Transition.CLOSE, new Rule(EnumSet.of(OPEN, HELD, OFFERED, ESCALATED, ACCEPTED, DONE, REOPENED), CLOSED));
        TICKETS.put(Transition.REOPEN, new Rule(EnumSet.of(DONE, CLOSED, REOPENED), OPEN));
        TICKETS.put(Transition.REPORT_NOT_DONE, new Rule(EnumSet.of(DONE, CLOSED), REOPENED));

        // An offer is made fresh, or made again to someone whose earlier offer for the same ticket
        // ended (after a reopen, or a leader who was first asked as a neighbour).
        OFFERS.put(OfferTransition.MAKE, new OfferRule(Set.of(Optional.empty(), Optional.of(OfferStatus.DECLINED),
                Optional.of(OfferStatus.EXPIRED), Optional.of(OfferStatus.WITHDRAWN)), OfferStatus.PENDING));
        OFFERS.put(OfferTransition.ACCEPT, new OfferRule(Set.of(Optional.of(OfferStatus.PENDING)), OfferStatus.ACCEPTED));
        OFFERS.put(OfferTransition.DECLINE, new OfferRule(Set.of(Optional.of(OfferStatus.PENDING)), OfferStatus.DECLINED));
        OFFERS.put(OfferTransition.EXPIRE, new OfferRule(Set.of(Optional.of(OfferStatus.PENDING)), OfferStatus.EXPIRED));
        OFFERS.put(OfferTransition.WITHDRAW, new OfferRule(Set.of(Optional.of(OfferStatus.PENDING)), OfferStatus.WITHDRAWN));
    }

    private TransitionTable() {
    }

    /** The status {@code transition} leads to from {@code from}, or empty when it is not allowed. */
    public static Optional<TicketStatus> next(TicketStatus from, Transition transition) {
        Rule rule = TICKETS.get(transition);
        return rule.from().contains(from) ? Optional.of(rule.to()) : Optional.empty();
    }

    /** The status an offer goes to; {@code from} is empty when there is no offer yet. */
    public static Optional<OfferStatus> next(Optional<OfferStatus> from, OfferTransition transition) {
        OfferRule rule = OFFERS.get(transition);
        return rule.from().contains(from) ? Optional.of(rule.to()) : Optional.empty();
    }

    /** The states a transition may start from, for error messages and documentation. */
    public static Set<TicketStatus> from(Transition transition) {
        return TICKETS.get(transition).from();
    }
}
