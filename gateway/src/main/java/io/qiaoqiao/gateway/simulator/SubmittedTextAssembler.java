package io.qiaoqiao.gateway.simulator;

import io.qiaoqiao.gateway.sms.InboundText;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Puts the submit_sm a simulated SMSC accepted back together into the texts a phone would show. */
final class SubmittedTextAssembler {
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
            InboundText part = s.decoded();
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
}
