package io.qiaoqiao.gateway.timer;

import java.util.Optional;

/** A timer whose time has come, claimed by this node inside a transaction. */
public record DueTimer(long id, String kind, Optional<Long> ticketId, Optional<Long> offerId, Optional<String> ref) {
}
