package io.qiaoqiao.gateway.simulator;

import io.qiaoqiao.gateway.sms.DecodedDeliverSm;
import io.qiaoqiao.gateway.sms.DeliverSmDecoder;
import io.qiaoqiao.gateway.sms.InboundText;
import org.jsmpp.bean.DeliverSm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Puts the submit_sm a simulated SMSC accepted back together into the texts a phone would show. */
final class SubmittedTextAssembler {
    private static final int ESM_UDHI = 0x40;

    private SubmittedTextAssembler() {
    }

    /** Whole texts for {@code phone} (with or without '+'), in order; texts with a part missing are left out. */
    static List<String> textsTo(String phone, List<ReceivedSubmit> submits) {
        String digits = phone.startsWith("+") ? phone.substring(1) : phone;
        Map<String, InboundText[]> partsByText = new LinkedHashMap<>();
        int singles = 0;
        for (ReceivedSubmit s : submits) {
            if (!s.accepted() || !digits.equals(s.destination())) {
                continue;
            }
            InboundText part = decode(s);
            if (part.concat().isEmpty()) {
                partsByText.put("single-" + singles++, new InboundText[]{part});
            } else {
                InboundText.Concat c = part.concat().get();
                partsByText.computeIfAbsent(c.reference() + "/" + c.total(), k -> new InboundText[c.total()])[c.seq() - 1] = part;
            }
        }
        List<String> texts = new ArrayList<>();
        for (InboundText[] parts : partsByText.values()) {
            StringBuilder text = new StringBuilder();
            for (InboundText part : parts) {
                if (part == null) {
                    text = null;
                    break;
                }
                text.append(part.text());
            }
            if (text != null) {
                texts.add(text.toString());
            }
        }
        return texts;
    }

    /** The same decoder the gateway uses for deliver_sm reads a submit_sm's text: the fields are alike. */
    private static InboundText decode(ReceivedSubmit s) {
        DeliverSm asDelivered = new DeliverSm();
        asDelivered.setSourceAddr(s.source());
        asDelivered.setDestAddress(s.destination());
        asDelivered.setDataCoding(s.dataCoding());
        asDelivered.setEsmClass((byte) (s.esmClass() & ESM_UDHI));
        asDelivered.setShortMessage(s.shortMessage());
        return ((DecodedDeliverSm.Text) DeliverSmDecoder.decode(asDelivered)).text();
    }
}
