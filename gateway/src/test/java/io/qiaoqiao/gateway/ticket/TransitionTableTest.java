package io.qiaoqiao.gateway.ticket;

import static io.qiaoqiao.gateway.ticket.TicketStatus.ACCEPTED;
import static io.qiaoqiao.gateway.ticket.TicketStatus.CLOSED;
import static io.qiaoqiao.gateway.ticket.TicketStatus.DONE;
import static io.qiaoqiao.gateway.ticket.TicketStatus.ESCALATED;
import static io.qiaoqiao.gateway.ticket.TicketStatus.HELD;
import static io.qiaoqiao.gateway.ticket.TicketStatus.OFFERED;
import static io.qiaoqiao.gateway.ticket.TicketStatus.OPEN;
import static io.qiaoqiao.gateway.ticket.TicketStatus.REOPENED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qiaoqiao.gateway.ticket.TransitionTable.OfferTransition;
import io.qiaoqiao.gateway.ticket.TransitionTable.Transition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The state machine as a table, checked cell by cell against the loop the studios run. */
class TransitionTableTest {
    /** The whole table, written out: for each transition, where it leads from each status (absent: refused). */
    private static final Map<Transition, Map<TicketStatus, TicketStatus>> EXPECTED = new EnumMap<>(Transition.class);

    static {
        expect(Transition.HOLD, Map.of(OPEN, HELD, HELD, HELD, OFFERED, HELD, ESCALATED, HELD));
        expect(Transition.RELEASE, Map.of(HELD, OPEN));
        expect(Transition.ROUTE, Map.of(OPEN, OFFERED, OFFERED, OFFERED));
        expect(Transition.ESCALATE, Map.of(OPEN, ESCALATED, HELD, ESCALATED, OFFERED, ESCALATED, ESCALATED, ESCALATED));
        expect(Transition.HAND_UP, Map.of(ACCEPTED, ESCALATED));
        expect(Transition.ACCEPT, Map.of(OPEN, ACCEPTED, HELD, ACCEPTED, OFFERED, ACCEPTED, ESCALATED, ACCEPTED));
        expect(Transition.ASSIGN, Map.of(OPEN, ACCEPTED, HELD, ACCEPTED, OFFERED, ACCEPTED, ESCALATED, ACCEPTED,
                ACCEPTED, ACCEPTED, REOPENED, ACCEPTED));
        expect(Transition.FINISH, Map.of(ACCEPTED, DONE));
        expect(Transition.CLOSE, Map.of(OPEN, CLOSED, HELD, CLOSED, OFFERED, CLOSED, ESCALATED, CLOSED, ACCEPTED, CLOSED,
                DONE, CLOSED, REOPENED, CLOSED));
        expect(Transition.REOPEN, Map.of(DONE, OPEN, CLOSED, OPEN, REOPENED, OPEN));
        expect(Transition.REPORT_NOT_DONE, Map.of(DONE, REOPENED, CLOSED, REOPENED));
    }

    private static void expect(Transition transition, Map<TicketStatus, TicketStatus> cells) {
        EXPECTED.put(transition, cells);
    }

    @Test
    void every_cell_of_the_ticket_table_is_as_written_out() {
        for (Transition transition : Transition.values()) {
            for (TicketStatus from : TicketStatus.values()) {
                assertEquals(Optional.ofNullable(EXPECTED.get(transition).get(from)), TransitionTable.next(from, transition),
                        transition + " from " + from);
            }
        }
    }

    @Test
    void a_closed_ticket_only_reopens_and_done_work_is_never_finished_twice() {
        assertEquals(Optional.empty(), TransitionTable.next(CLOSED, Transition.ACCEPT), "nobody accepts a closed ticket");
        assertEquals(Optional.empty(), TransitionTable.next(DONE, Transition.FINISH));
        assertEquals(Optional.empty(), TransitionTable.next(ACCEPTED, Transition.ACCEPT), "of two accepts exactly one wins");
        assertEquals(Optional.empty(), TransitionTable.next(ACCEPTED, Transition.HOLD), "accepted work is not held");
    }

    @Test
    void every_status_the_loop_can_reach_has_a_way_on() {
        for (TicketStatus status : TicketStatus.values()) {
            boolean leaves = false;
            for (Transition transition : Transition.values()) {
                leaves |= TransitionTable.next(status, transition).filter(to -> to != status).isPresent();
            }
            assertTrue(leaves, status + " must not be a dead end: the studio can always close or reopen");
        }
    }

    @Test
    void an_offer_is_answered_only_while_it_is_pending() {
        Optional<OfferStatus> pending = Optional.of(OfferStatus.PENDING);
        assertEquals(Optional.of(OfferStatus.ACCEPTED), TransitionTable.next(pending, OfferTransition.ACCEPT));
        assertEquals(Optional.of(OfferStatus.DECLINED), TransitionTable.next(pending, OfferTransition.DECLINE));
        assertEquals(Optional.of(OfferStatus.EXPIRED), TransitionTable.next(pending, OfferTransition.EXPIRE));
        assertEquals(Optional.of(OfferStatus.WITHDRAWN), TransitionTable.next(pending, OfferTransition.WITHDRAW));
        for (OfferStatus ended : List.of(OfferStatus.EXPIRED, OfferStatus.DECLINED, OfferStatus.WITHDRAWN, OfferStatus.ACCEPTED)) {
            for (OfferTransition answer : List.of(OfferTransition.ACCEPT, OfferTransition.DECLINE, OfferTransition.EXPIRE,
                    OfferTransition.WITHDRAW)) {
                assertEquals(Optional.empty(), TransitionTable.next(Optional.of(ended), answer), answer + " of an offer " + ended);
            }
        }
        assertEquals(Optional.of(OfferStatus.PENDING), TransitionTable.next(Optional.empty(), OfferTransition.MAKE));
        assertEquals(Optional.of(OfferStatus.PENDING), TransitionTable.next(Optional.of(OfferStatus.EXPIRED), OfferTransition.MAKE),
                "someone asked before (a neighbour who is also a leader) may be asked again");
        assertEquals(Optional.empty(), TransitionTable.next(pending, OfferTransition.MAKE), "never two pending offers to one person");
        assertEquals(Optional.empty(), TransitionTable.next(Optional.of(OfferStatus.ACCEPTED), OfferTransition.MAKE));
    }

    /** Statements that change a ticket's or an offer's state, wherever they are written. */
    private static final Pattern STATE_WRITE = Pattern.compile(
            "UPDATE\\s+tickets\\b|UPDATE\\s+offers\\b|INSERT\\s+INTO\\s+offers\\b|DELETE\\s+FROM\\s+(tickets|offers)\\b",
            Pattern.CASE_INSENSITIVE);

    @Test
    void no_ticket_or_offer_state_is_written_outside_its_one_owner() throws IOException {
        Path main = Path.of("src", "main", "java");
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(main)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String name = file.getFileName().toString();
                if (name.equals("TicketLifecycle.java") || name.equals("OfferLifecycle.java")) {
                    continue;
                }
                if (STATE_WRITE.matcher(Files.readString(file)).find()) {
                    offenders.add(main.relativize(file).toString());
                }
            }
        }
        assertEquals(List.of(), offenders, "every change of ticket or offer state goes through TicketLifecycle / OfferLifecycle");
    }
}
