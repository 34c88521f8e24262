package io.qiaoqiao.gateway.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.time.MonthDay;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReplyParserTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1 1234|1234", "Y1234|1234", "y 1234|1234", "接 1234|1234", "接单1234|1234", "１ １２３４|1234",
            "1234接|1234", "ok 1234|1234", "1,1234|1234", "Ｙ１２３４|1234"})
    void accept_forms_with_a_code(String text, String code) {
        VolunteerReply r = ReplyParser.parse(text);
        assertInstanceOf(VolunteerReply.Accept.class, r);
        assertEquals(Optional.of(code), r.code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "Y", "接", "接单", " 好 "})
    void bare_accept_has_no_code(String text) {
        VolunteerReply r = ReplyParser.parse(text);
        assertInstanceOf(VolunteerReply.Accept.class, r);
        assertEquals(Optional.empty(), r.code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2 1234", "N1234", "n 1234", "不接 1234", "拒绝1234", "1234 没空"})
    void decline_forms(String text) {
        VolunteerReply r = ReplyParser.parse(text);
        assertInstanceOf(VolunteerReply.Decline.class, r);
        assertEquals(Optional.of("1234"), r.code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"D1234", "d 1234", "完成 1234", "完成1234", "办结 1234", "done 1234"})
    void done_forms(String text) {
        VolunteerReply r = ReplyParser.parse(text);
        assertInstanceOf(VolunteerReply.Done.class, r);
        assertEquals(Optional.of("1234"), r.code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "你好", "我明天去", "3 1234", "1 2 3", "Y12", "接 1234 明天", "hello world",
            "上报", "上报  ", "转账遇到问题", "请假", "请假 很久", "请假 0天", "请假 400天", "请假 13月1日", "请假 2月30日", "请假 三三天",
            "我的 单子都有哪些"})
    void anything_else_is_unrecognised(String text) {
        assertInstanceOf(VolunteerReply.Unrecognised.class, ReplyParser.parse(text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "在办 1234|1234", "在办1234|1234", "1234在办|1234", "正在办 1234|1234", "在办理，1234|1234", "working 1234|1234",
            "在办 １２３４|1234"})
    void in_progress_forms(String text, String code) {
        VolunteerReply r = ReplyParser.parse(text);
        assertInstanceOf(VolunteerReply.InProgress.class, r);
        assertEquals(Optional.of(code), r.code());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "转 1234 他家太远，我去不了|1234|他家太远，我去不了", "转1234|1234|''", "转交 1234：需要会电工的|1234|需要会电工的",
            "转　１２３４　不会修|1234|不会修", "pass 1234 too far|1234|too far", "转交给组长|-|给组长", "转 忙不过来|-|忙不过来"})
    void hand_on_forms_keep_the_reason_as_written(String text, String code, String reason) {
        VolunteerReply.HandOn handOn = assertInstanceOf(VolunteerReply.HandOn.class, ReplyParser.parse(text));
        assertEquals(code.equals("-") ? Optional.empty() : Optional.of(code), handOn.code());
        assertEquals(reason, handOn.reason());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "上报 二组 李大爷家门口电线掉了|二组 李大爷家门口电线掉了", "上报：路灯坏了，晚上很黑|路灯坏了，晚上很黑",
            "上报桥头村三组 有人在河边钓鱼|桥头村三组 有人在河边钓鱼", "report broken street light|broken street light"})
    void a_report_keeps_everything_after_the_command_word(String text, String words) {
        VolunteerReply.Report r = assertInstanceOf(VolunteerReply.Report.class, ReplyParser.parse(text));
        assertEquals(words, r.text());
        assertEquals(Optional.empty(), r.code());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "请假 3天|PT72H", "请假3天|PT72H", "请假 三天|PT72H", "请假 两天|PT48H", "请假 2小时|PT2H", "请假 两个小时|PT2H",
            "请假 一周|PT168H", "请假 2个星期|PT336H", "请假 十天|PT240H", "请假 十五天|PT360H", "请假 二十天|PT480H",
            "请假：３天。|PT72H", "leave 3 days|PT72H", "leave 2h|PT2H"})
    void leave_for_a_while(String text, String length) {
        VolunteerReply.Leave r = assertInstanceOf(VolunteerReply.Leave.class, ReplyParser.parse(text));
        assertEquals(new VolunteerReply.LeaveLength.Lasting(Duration.parse(length)), r.length());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"请假 到12月5日|12|5", "请假到12月5号|12|5", "请假 1月20日|1|20", "请假 至３月８日|3|8"})
    void leave_through_a_day(String text, int month, int day) {
        VolunteerReply.Leave r = assertInstanceOf(VolunteerReply.Leave.class, ReplyParser.parse(text));
        assertEquals(new VolunteerReply.LeaveLength.Through(MonthDay.of(month, day)), r.length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"我的", " 我的 ", "我的单", "我的求助", "mine", "MINE"})
    void mine_forms(String text) {
        assertInstanceOf(VolunteerReply.Mine.class, ReplyParser.parse(text));
    }
}
