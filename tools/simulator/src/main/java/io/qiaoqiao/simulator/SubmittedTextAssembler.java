package io.qiaoqiao.simulator;

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
        Map<String, SubmittedPart[]> partsByText = new LinkedHashMap<>();
        int singles = 0;
        for (ReceivedSubmit s : submits) {
            if (!s.accepted() || !digits.equals(s.destination())) {
                continue;
            }
            SubmittedPart part = s.part();
            if (part.position().isEmpty()) {
                partsByText.put("single-" + singles++, new SubmittedPart[]{part});
                continue;
            }
            SubmittedPart.Position p = part.position().get();
            if (p.total() == 0 || p.seq() < 1 || p.seq() > p.total()) {
                continue; // a part no handset could place
            }
            partsByText.computeIfAbsent(p.reference() + "/" + p.total(), k -> new SubmittedPart[p.total()])[p.seq() - 1] = part;
        }
        List<String> texts = new ArrayList<>();
        for (SubmittedPart[] parts : partsByText.values()) {
            StringBuilder text = new StringBuilder();
            for (SubmittedPart part : parts) {
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
