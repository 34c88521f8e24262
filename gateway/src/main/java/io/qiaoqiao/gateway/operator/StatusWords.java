package io.qiaoqiao.gateway.operator;

import io.qiaoqiao.gateway.ticket.TicketStatus;

/** A ticket's status as the desk says it in a sentence: 求助 1001 已经办结. */
final class StatusWords {
    private StatusWords() {
    }

    static String of(TicketStatus status) {
        return switch (status) {
            case OPEN -> "待派单";
            case HELD -> "暂缓派单";
            case OFFERED -> "正在派单";
            case ESCALATED -> "已上报";
            case ACCEPTED -> "已接单";
            case DONE -> "已办完";
            case CLOSED -> "办结";
            case REOPENED -> "被居民退回";
        };
    }
}
