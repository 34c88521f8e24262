package io.qiaoqiao.gateway.roster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {
    @Test
    void quoted_fields_keep_commas_doubled_quotes_and_line_breaks() {
        List<CsvRecord> records = CsvReader.read("a,\"b,c\",\"say \"\"hi\"\"\"\n\"two\nlines\",x,\"\"\n");
        assertEquals(List.of(
                new CsvRecord(1, List.of("a", "b,c", "say \"hi\"")),
                new CsvRecord(2, List.of("two\nlines", "x", ""))), records);
    }

    @Test
    void each_record_keeps_the_physical_line_it_starts_on() {
        List<CsvRecord> records = CsvReader.read("h1,h2\r\n\"multi\r\nline\r\nnote\",1\r\nnext,2\r\n");
        assertEquals(List.of(1, 2, 5), records.stream().map(CsvRecord::line).toList());
        assertEquals("multi\r\nline\r\nnote", records.get(1).fields().getFirst());
    }

    @Test
    void crlf_lf_and_a_missing_final_line_break_read_the_same() {
        List<CsvRecord> expected = List.of(new CsvRecord(1, List.of("a", "b")), new CsvRecord(2, List.of("c", "d")));
        assertEquals(expected, CsvReader.read("a,b\r\nc,d\r\n"));
        assertEquals(expected, CsvReader.read("a,b\nc,d\n"));
        assertEquals(expected, CsvReader.read("a,b\nc,d"));
    }

    @Test
    void a_byte_order_mark_is_not_part_of_the_first_field() {
        byte[] withBom = "\uFEFFphone,name\n13900001001,王秀英\n".getBytes(StandardCharsets.UTF_8);
        List<CsvRecord> records = CsvReader.read(CsvReader.decodeUtf8(withBom));
        assertEquals(List.of("phone", "name"), records.get(0).fields());
        assertEquals(List.of("13900001001", "王秀英"), records.get(1).fields());
    }

    @Test
    void chinese_text_and_full_width_punctuation_are_plain_data() {
        List<CsvRecord> records = CsvReader.read("王秀英,\"82岁，耳背, 说话要大声\",一组；二组\n");
        assertEquals(List.of("王秀英", "82岁，耳背, 说话要大声", "一组；二组"), records.getFirst().fields());
    }

    @Test
    void blank_lines_are_records_of_one_empty_field() {
        List<CsvRecord> records = CsvReader.read("a\n\nb\n");
        assertEquals(3, records.size());
        assertEquals(true, records.get(1).blank());
        assertEquals(3, records.get(2).line());
    }

    @Test
    void an_unclosed_quote_is_reported_on_the_line_where_it_opens() {
        var e = assertThrows(CsvReader.MalformedCsvException.class, () -> CsvReader.read("a,b\nc,\"never\nclosed\n"));
        assertEquals(2, e.line());
    }

    @Test
    void a_stray_quote_inside_an_unquoted_field_is_reported() {
        var e = assertThrows(CsvReader.MalformedCsvException.class, () -> CsvReader.read("a,b\nc,d\"e\n"));
        assertEquals(2, e.line());
    }

    @Test
    void text_saved_as_gbk_is_refused_at_the_line_of_the_first_bad_byte() {
        byte[] gbk = "phone,name\n13900001001,王秀英\n".getBytes(Charset.forName("GBK"));
        var e = assertThrows(CsvReader.MalformedCsvException.class, () -> CsvReader.decodeUtf8(gbk));
        assertEquals(2, e.line());
    }

    @Test
    void what_the_writer_writes_reads_back_unchanged() {
        List<List<String>> rows = List.of(List.of("code", "notes"), List.of("q-1", "a, \"quoted\"\nsecond line"), List.of("", "一组；二组"));
        CsvWriter writer = new CsvWriter();
        rows.forEach(writer::row);
        assertEquals(rows, CsvReader.read(writer.toString()).stream().map(CsvRecord::fields).toList());
    }
}
