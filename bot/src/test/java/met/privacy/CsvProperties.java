package met.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.StreamSupport;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** The export's CSV writer, read back by an independent RFC 4180 reader (Apache Commons CSV). */
class CsvProperties {

    @Property(tries = 2000)
    @Label("every cell reads back as written, formula-like cells with one leading quote, and none starts a formula")
    void cellsSurviveARoundTrip(@ForAll("tables") List<List<String>> rows) throws IOException {
        List<String> header = rows.get(0);
        List<List<String>> body = rows.subList(1, rows.size());

        List<List<String>> read = read(Csv.file(header, body));

        assertThat(read).hasSize(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            List<String> expected = rows.get(r).stream().map(c -> Csv.looksLikeFormula(c) ? "'" + c : c).toList();
            assertThat(read.get(r)).as("row %d", r).containsExactlyElementsOf(expected);
            for (String cell : read.get(r)) {
                assertThat(cell.isEmpty() || "=+-@\t\r".indexOf(cell.charAt(0)) < 0).as("cell %s", cell).isTrue();
            }
        }
    }

    @Property(tries = 500)
    @Label("lines end with CRLF and the file starts with a UTF-8 byte order mark")
    void crlfAndBom(@ForAll("tables") List<List<String>> rows) {
        byte[] bytes = Csv.file(rows.get(0), rows.subList(1, rows.size()));

        assertThat(Arrays.copyOf(bytes, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).endsWith("\r\n");
    }

    @Example
    void quotesCommasLineBreaksAndFormulasAreWrittenTheRfc4180Way() {
        assertThat(Csv.line(List.of("plain", "b,c", "say \"hi\"", "=1+1", "line\nbreak", "-5", "")))
                .isEqualTo("plain,\"b,c\",\"say \"\"hi\"\"\",'=1+1,\"line\nbreak\",'-5,\r\n");
        assertThat(Csv.line(List.of("@SUM(A1:A9),x", "\tx", "\rx"))).isEqualTo("\"'@SUM(A1:A9),x\",'\tx,\"'\rx\"\r\n");
    }

    @Provide
    Arbitrary<List<List<String>>> tables() {
        return Arbitraries.integers().between(2, 6).flatMap(width ->
                cells().list().ofSize(width).list().ofMinSize(1).ofMaxSize(5));
    }

    /** Strings heavy in what CSV and spreadsheets care about, mixed with any Unicode scalar value. */
    @Provide
    Arbitrary<String> cells() {
        Arbitrary<String> tricky = Arbitraries.of("=", "+", "-", "@", "\t", "\r", "\n", "\r\n", ",", "\"", "'", " ", ";",
                "é", "José", "😀", "👩🏽‍💻", "שלום", "مرحبا", "\u202E", "\u200F", "=HYPERLINK(\"http://x\")", "\uFEFF");
        Arbitrary<String> anyCodePoint = Arbitraries.integers().between(1, Character.MAX_CODE_POINT)
                .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)
                .map(Character::toString);
        Arbitrary<String> letters = Arbitraries.strings().alpha().ofMaxLength(5);
        return Arbitraries.oneOf(tricky, anyCodePoint, letters).list().ofMaxSize(8).map(parts -> String.join("", parts));
    }

    static List<List<String>> read(byte[] file) throws IOException {
        assertThat(Arrays.copyOf(file, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        String text = new String(file, 3, file.length - 3, StandardCharsets.UTF_8);
        try (var parser = CSVFormat.RFC4180.parse(new StringReader(text))) {
            return StreamSupport.stream(parser.spliterator(), false).map(CSVRecord::toList).toList();
        }
    }
}
