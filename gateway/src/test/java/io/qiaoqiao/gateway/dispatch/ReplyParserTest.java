package io.qiaoqiao.gateway.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

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
    @ValueSource(strings = {"", "   ", "你好", "我明天去", "3 1234", "1 2 3", "Y12", "接 1234 明天", "hello world"})
    void anything_else_is_unrecognised(String text) {
        assertInstanceOf(VolunteerReply.Unrecognised.class, ReplyParser.parse(text));
    }
}
