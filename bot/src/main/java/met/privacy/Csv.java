package met.privacy;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
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

    /** A whole file in memory: the BOM, the header line, then one line per row; a null cell is empty. */
    public static byte[] file(List<String> header, List<List<String>> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Output file = new Output(out, header)) {
            rows.forEach(file::row);
        }
        return out.toByteArray();
    }

    /**
     * A file written a row at a time, so that an export holds one row in memory however large the team: the BOM and
     * the header when it opens, then a line per {@link #row}. Closing it closes {@code out}.
     */
    public static final class Output implements Closeable {
        private final Writer out;
        private int rows;

        public Output(OutputStream out, List<String> header) {
            try {
                out.write(BOM);
                this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
                this.out.write(line(header));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** One record; a null cell is empty. */
        public void row(List<String> cells) {
            try {
                out.write(line(cells));
                rows++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The rows written so far, the header not counted. */
        public int rows() {
            return rows;
        }

        @Override
        public void close() {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
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
