package io.qiaoqiao.gateway.operator;

import static io.qiaoqiao.gateway.dispatch.Texts.dialable;

import io.qiaoqiao.gateway.ticket.Ticket;

/** The words of the texts an operator's action causes: plain Mandarin, like every other text. */
final class OperatorTexts {
    // The studio's own messages are not templated yet; they carry the default signature.
    private static final String SIGNATURE = "【桥桥】";

    private OperatorTexts() {
    }

    static String assigned(Ticket t) {
        return SIGNATURE + "工作人员将求助" + t.code() + "（" + t.category().label() + "）派给您：" + t.residentName() + "，"
                + t.place() + "，电话" + dialable(t.contactPhone()) + "。请尽快联系求助人，办完回复D " + t.code() + "。";
    }

    static String reassignedAway(String code) {
        return SIGNATURE + "求助" + code + "已由工作人员改派其他志愿者，您无需再处理。谢谢您！";
    }

    static String withdrawnByStudio(String code) {
        return SIGNATURE + "求助" + code + "已由工作人员处理，您无需再接单。谢谢您！";
    }

    static String reopenedToResident(String code) {
        return SIGNATURE + "您的求助" + code + "已重新受理，我们正在为您联系志愿者。";
    }
}
