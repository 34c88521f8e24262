package io.qiaoqiao.gateway.sms;

/** What a deliver_sm turned out to be. */
public sealed interface DecodedDeliverSm {
    /** A mobile-originated text (or one part of one); it may carry problems but is still worth keeping. */
    record Text(InboundText text) implements DecodedDeliverSm {
    }

    /** A delivery receipt for something we submitted. */
    record Receipt(DeliveryReceipt receipt) implements DecodedDeliverSm {
    }

    /** Nothing usable could be read; answered and logged, never passed on. */
    record Unreadable(String reason) implements DecodedDeliverSm {
    }
}
