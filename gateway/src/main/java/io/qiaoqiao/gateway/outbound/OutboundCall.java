package io.qiaoqiao.gateway.outbound;

import java.util.Map;

/**
 * A call the outbox asks Asterisk to place.
 *
 * @param to         the resident's number, E.164
 * @param script     the FastAGI script the answered call runs ({@code confirm}, {@code rating})
 * @param ticketCode the ticket the call is about, passed as {@code QQ_TICKET}
 * @param variables  further channel variables, e.g. {@code QQ_ATTEMPT}
 */
public record OutboundCall(String to, String script, String ticketCode, Map<String, String> variables) {
    public OutboundCall {
        variables = Map.copyOf(variables);
    }

    public OutboundCall(String to, String script, String ticketCode) {
        this(to, script, ticketCode, Map.of());
    }
}
