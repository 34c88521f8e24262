package io.qiaoqiao.gateway.ledger;

import io.qiaoqiao.plugin.api.Category;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The month's ledger as an Excel workbook (Apache POI): sheets 全镇, 按村 and 按志愿小组, each
 * with a title row, a header row and one row per line. Counts are numbers, the completion rate
 * a number shown as a percentage, the mean time to accept in minutes and to finish in hours
 * (one decimal), satisfaction to two decimals; a number with nothing to average is left blank.
 * A fourth sheet, 帮扶台账, holds the month's recurring help ({@link HelpFigures}): the township,
 * then each village, then each paired volunteer's group, one row each.
 */
public final class LedgerXlsx {
    /** The columns after a line's own (village, or group code and name), in order. */
    public static final List<String> COLUMNS = columns();
    /** The columns of the 帮扶台账 sheet after 范围 and 名称: {@link HelpFigures} in order. */
    public static final List<String> HELP_COLUMNS = List.of("应办次数", "办完次数", "结对志愿者未接次数", "误期未办次数");

    private LedgerXlsx() {
    }

    private static List<String> columns() {
        List<String> out = new ArrayList<>(List.of("求助件数"));
        for (Category c : Category.values()) {
            out.add(c.label());
        }
        out.addAll(List.of("办结件数", "办结率", "接单件数", "平均接单用时（分钟）", "办完件数", "平均办完用时（小时）", "评价件数",
                "满意度", "超期件数", "重复件数"));
        return List.copyOf(out);
    }

    /** Blocking (CPU): run it on a worker. */
    public static byte[] write(Ledger.Month ledger) {
        try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            CellStyle bold = book.createCellStyle();
            Font font = book.createFont();
            font.setBold(true);
            bold.setFont(font);
            CellStyle percent = book.createCellStyle();
            percent.setDataFormat(book.createDataFormat().getFormat("0.0%"));
            String title = ledger.month().getYear() + "年" + ledger.month().getMonthValue() + "月 晒单";

            Sheet township = sheet(book, "全镇", title, List.of("范围"), COLUMNS, bold);
            fill(township.createRow(2), List.of("全镇"), ledger.township(), percent);
            Sheet villages = sheet(book, "按村", title, List.of("村"), COLUMNS, bold);
            int row = 2;
            for (Ledger.Line line : ledger.villages()) {
                fill(villages.createRow(row++), List.of(line.key()), line.stats(), percent);
            }
            Sheet groups = sheet(book, "按志愿小组", title, List.of("小组代码", "小组名称"), COLUMNS, bold);
            row = 2;
            for (Ledger.Line line : ledger.groups()) {
                fill(groups.createRow(row++), List.of(line.key(), line.name()), line.stats(), percent);
            }
            Sheet help = sheet(book, "帮扶台账", title, List.of("范围", "名称"), HELP_COLUMNS, bold);
            help(help.createRow(2), "全镇", "全镇", ledger.help().township());
            row = 3;
            for (Ledger.HelpLine line : ledger.help().villages()) {
                help(help.createRow(row++), "村", line.name(), line.figures());
            }
            for (Ledger.HelpLine line : ledger.help().groups()) {
                help(help.createRow(row++), "志愿小组", line.name(), line.figures());
            }
            book.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Sheet sheet(XSSFWorkbook book, String name, String title, List<String> own, List<String> columns, CellStyle bold) {
        Sheet sheet = book.createSheet(name);
        Row titleRow = sheet.createRow(0);
        titleRow.createCell(0).setCellValue(title + "（" + name + "）");
        titleRow.getCell(0).setCellStyle(bold);
        Row header = sheet.createRow(1);
        int c = 0;
        for (String h : own) {
            header.createCell(c++).setCellValue(h);
        }
        for (String h : columns) {
            header.createCell(c++).setCellValue(h);
        }
        header.forEach(cell -> cell.setCellStyle(bold));
        for (int i = 0; i < c; i++) {
            sheet.setColumnWidth(i, 14 * 256);
        }
        sheet.createFreezePane(own.size(), 2);
        return sheet;
    }

    private static void fill(Row row, List<String> own, LedgerStats s, CellStyle percent) {
        int c = 0;
        for (String text : own) {
            row.createCell(c++).setCellValue(text);
        }
        row.createCell(c++).setCellValue(s.requests());
        for (Category category : Category.values()) {
            row.createCell(c++).setCellValue(s.byCategory().get(category));
        }
        row.createCell(c++).setCellValue(s.completed());
        if (s.completionRate().isPresent()) {
            row.createCell(c).setCellValue(s.completionRate().get());
            row.getCell(c).setCellStyle(percent);
        }
        c++;
        row.createCell(c++).setCellValue(s.accepted());
        number(row, c++, s.avgAcceptSeconds().map(sec -> LedgerStats.round(sec / 60.0, 1)));
        row.createCell(c++).setCellValue(s.finished());
        number(row, c++, s.avgFinishSeconds().map(sec -> LedgerStats.round(sec / 3600.0, 1)));
        row.createCell(c++).setCellValue(s.rated());
        number(row, c++, s.satisfaction());
        row.createCell(c++).setCellValue(s.overdue());
        row.createCell(c).setCellValue(s.duplicates());
    }

    private static void help(Row row, String scope, String name, HelpFigures f) {
        row.createCell(0).setCellValue(scope);
        row.createCell(1).setCellValue(name);
        row.createCell(2).setCellValue(f.due());
        row.createCell(3).setCellValue(f.done());
        row.createCell(4).setCellValue(f.declined());
        row.createCell(5).setCellValue(f.missed());
    }

    private static void number(Row row, int column, Optional<Double> value) {
        value.ifPresent(v -> row.createCell(column).setCellValue(v));
    }
}
