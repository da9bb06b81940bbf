package met.privacy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * CSV as RFC 4180 writes it (comma, CRLF, fields with a comma, quote or line break quoted, quotes doubled), for
 * people who open it in a spreadsheet: UTF-8 with a byte order mark, without which Excel reads "José" as "JosÃ©",
 * and no cell that a spreadsheet would run as a formula.
 */
public final class Csv {
    static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    /** What makes Excel, LibreOffice and Google Sheets read a cell as a formula (OWASP's list for CSV injection). */
    private static final String FORMULA_STARTS = "=+-@\t\r";

    private Csv() {
    }

    /** A whole file: the BOM, the header line, then one line per row; a null cell is empty. */
    public static byte[] file(List<String> header, List<List<String>> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(BOM);
        out.writeBytes(line(header).getBytes(StandardCharsets.UTF_8));
        for (List<String> row : rows) {
            out.writeBytes(line(row).getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** One record, ending with CRLF. */
    public static String line(List<String> cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(field(cells.get(i)));
        }
        return line.append("\r\n").toString();
    }

    static String field(String value) {
        String cell = neutralised(value == null ? "" : value);
        boolean quoted = cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0;
        return quoted ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
    }

    /**
     * A contact's notes saying "=HYPERLINK(…)" or "@SUM(…)" must stay text: a leading single quote makes every
     * spreadsheet show the cell as typed instead of running it. Negative numbers and "+1 555…" get one too.
     */
    public static String neutralised(String cell) {
        return looksLikeFormula(cell) ? "'" + cell : cell;
    }

    public static boolean looksLikeFormula(String cell) {
        return !cell.isEmpty() && FORMULA_STARTS.indexOf(cell.charAt(0)) >= 0;
    }
}
