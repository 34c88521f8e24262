package io.qiaoqiao.gateway.followup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qiaoqiao.gateway.followup.AskerWords.Said;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The few short texts that are not requests, typed as residents type them. */
class AskerWordsTest {
    @Test
    void where_does_it_stand_in_the_ways_residents_ask() {
        for (String text : List.of("查询", "查 询", "查询。", "查一下", "进度", "怎么样了", "我的求助怎么样了？", "请问进度呢",
                "麻烦查一下吧", "办得怎么样了", "到哪了")) {
            assertEquals(new Said.Status(Optional.empty()), AskerWords.read(text), text);
        }
        assertEquals(new Said.Status(Optional.of("1234")), AskerWords.read("查询 1234"));
        assertEquals(new Said.Status(Optional.of("1234")), AskerWords.read("查询１２３４"), "full-width digits");
        assertEquals(new Said.Status(Optional.of("1234")), AskerWords.read("1234进度"));
    }

    @Test
    void hurry_it_up() {
        for (String text : List.of("还没人来", "还没人来！", "催一下", "催 一下", "怎么还没来", "怎么还没人来啊", "人呢？", "请催一下")) {
            assertEquals(new Said.Nudge(Optional.empty()), AskerWords.read(text), text);
        }
    }

    @Test
    void a_rating_is_one_digit_from_one_to_five_perhaps_with_the_code() {
        assertEquals(new Said.Rating(5, Optional.empty()), AskerWords.read("5"));
        assertEquals(new Said.Rating(5, Optional.empty()), AskerWords.read("５"), "full width");
        assertEquals(new Said.Rating(4, Optional.empty()), AskerWords.read(" 4分 "));
        assertEquals(new Said.Rating(1, Optional.of("1234")), AskerWords.read("1 1234"));
        assertEquals(new Said.Rating(3, Optional.of("1234")), AskerWords.read("1234，3"));
        assertEquals(new Said.Words(), AskerWords.read("6"));
        assertEquals(new Said.Words(), AskerWords.read("51234"), "no space: a number, not a rating");
        assertEquals(new Said.Words(), AskerWords.read("0"));
    }

    @Test
    void a_duty_phones_close_with_or_without_a_reason() {
        assertEquals(new Said.Close(Optional.of("1234"), ""), AskerWords.read("办结 1234"));
        assertEquals(new Said.Close(Optional.of("1234"), ""), AskerWords.read("完成1234"));
        assertEquals(new Said.Close(Optional.of("1234"), ""), AskerWords.read("结 １２３４"));
        assertEquals(new Said.Close(Optional.of("1234"), ""), AskerWords.read("1234办结"));
        assertEquals(new Said.Close(Optional.of("1234"), "已上门修好"), AskerWords.read("办结 1234 已上门修好"));
        assertEquals(new Said.Close(Optional.empty(), ""), AskerWords.read("办结"));
    }

    @Test
    void another_matter_is_said_at_the_start() {
        for (String text : List.of("另外一件事，帮我交电费", "还有一件事：灯泡坏了", "另外，我孙子的学费")) {
            assertEquals(new Said.OtherNeed(), AskerWords.read(text), text);
        }
        assertEquals(new Said.Words(), AskerWords.read("电费的事另外再说"), "only at the start");
    }

    @Test
    void longer_texts_are_words_even_when_they_contain_a_command() {
        for (String text : List.of("还没人来修电视，我在家等着", "查询一下电费怎么交", "遥控器是长虹的", "我的电话是13900001001",
                "")) {
            assertEquals(new Said.Words(), AskerWords.read(text), text);
        }
    }

    @Test
    void spaces_join_words_and_separate_numbers() {
        assertEquals(List.of("查询", "1234"), AskerWords.tokens("查 询，1234"));
        assertEquals(List.of("5", "1234"), AskerWords.tokens("5 1234"));
        assertEquals(List.of("ok"), AskerWords.tokens("ＯＫ"));
    }
}
