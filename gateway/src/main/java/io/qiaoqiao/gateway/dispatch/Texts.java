package io.qiaoqiao.gateway.dispatch;

import io.qiaoqiao.plugin.api.Category;

/**
 * The words of every text the gateway sends. Short, plain Mandarin: residents are old and
 * volunteers read them on basic phones. Phone numbers are shown in the national form people
 * dial.
 */
public final class Texts {
    public static final String SIGNATURE = "【桥桥】";

    private Texts() {
    }

    /** +8613900001001 → 13900001001; other countries keep their + form. */
    public static String dialable(String e164) {
        return e164 != null && e164.startsWith("+86") ? e164.substring(3) : String.valueOf(e164);
    }

    public static String received(String code) {
        return SIGNATURE + "已收到您的求助，编号" + code + "。正在为您联系志愿者，请保持电话畅通。";
    }

    public static String receivedTruncated(String code, int keptChars) {
        return SIGNATURE + "已收到您的求助，编号" + code + "。内容太长，只记录了前" + keptChars + "个字，志愿者会电话联系您。";
    }

    public static String emptyRequest() {
        return SIGNATURE + "没有收到文字内容。请用一句话说明需要什么帮助，或直接拨打热线电话。";
    }

    public static String offer(String code, Category category, String residentName, String place, String residentPhone,
                               String request) {
        return SIGNATURE + "新求助" + code + "（" + category.label() + "）：" + residentName + "，" + place + "，电话"
                + dialable(residentPhone) + "。“" + request + "”。接单回复1 " + code + "，不接回复2 " + code + "。";
    }

    public static String escalation(String code, Category category, String residentName, String place,
                                    String residentPhone, String request) {
        return SIGNATURE + "求助" + code + "（" + category.label() + "）暂无志愿者接单，请组长协调：" + residentName + "，"
                + place + "，电话" + dialable(residentPhone) + "。“" + request + "”。接单回复1 " + code + "。";
    }

    public static String acceptedToVolunteer(String code) {
        return SIGNATURE + "您已接单" + code + "，请尽快联系求助人。办完回复D " + code + "。";
    }

    public static String confirmationToResident(String code, String volunteerName, String volunteerPhone) {
        return SIGNATURE + "您的求助" + code + "已有志愿者接单：" + volunteerName + "，电话" + dialable(volunteerPhone)
                + "，会尽快与您联系。";
    }

    public static String confirmationToFamily(String code, String residentName, String volunteerName,
                                              String volunteerPhone) {
        return SIGNATURE + "您的家人" + residentName + "的求助" + code + "已由志愿者" + volunteerName + "（电话"
                + dialable(volunteerPhone) + "）接单。";
    }

    public static String takenByOther(String code) {
        return SIGNATURE + "求助" + code + "已由其他志愿者接单，谢谢您！";
    }

    public static String alreadyYours(String code) {
        return SIGNATURE + "求助" + code + "已经是您接的单。办完回复D " + code + "。";
    }

    public static String declined(String code) {
        return SIGNATURE + "已收到，求助" + code + "将转给其他志愿者。";
    }

    public static String doneToResident(String code) {
        return SIGNATURE + "您的求助" + code + "已办结。稍后会有回访，请对服务作出评价。";
    }

    public static String doneToVolunteer(String code, int points) {
        return SIGNATURE + "求助" + code + "已办结，积分+" + points + "。感谢您的付出！";
    }

    public static String notYours(String code) {
        return SIGNATURE + "求助" + code + "没有派给您，或已经结束，无法操作。";
    }

    public static String unknownCode(String code) {
        return SIGNATURE + "没有找到编号" + code + "的求助，请核对编号。";
    }

    public static String nothingPending() {
        return SIGNATURE + "您目前没有待处理的求助。";
    }

    public static String whichOne(int pending) {
        return SIGNATURE + "您有" + pending + "个待处理的求助，请在回复中写上编号，例如：1 1234。";
    }

    public static String volunteerHelp() {
        return SIGNATURE + "没看懂您的回复。接单回复“1 编号”，不接回复“2 编号”，办完回复“D 编号”。";
    }

    public static String ratingUnreachable(String code) {
        return SIGNATURE + "您家人的求助" + code + "已办结。我们打电话回访没有打通，如有问题请拨打热线。";
    }

    public static String notAVolunteer() {
        return SIGNATURE + "本号码不是登记的志愿者，无法操作求助单。如需帮助请直接说明。";
    }
}
