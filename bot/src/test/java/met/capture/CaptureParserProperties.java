package met.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.time.api.Dates;

class CaptureParserProperties {

    private final CaptureParser parser = new CaptureParser();

    @Property(tries = 1000)
    @Label("parse never throws, whatever the text and the day")
    void neverThrows(@ForAll("anyText") String text, @ForAll("anyDay") LocalDate today) {
        Parse result = parser.parse(text, today);

        assertThat(result).isNotNull();
        if (result instanceof Parse.Confident) {
            assertThat(((Parse.Confident) result).capture().person()).isNotBlank();
        }
        if (result instanceof Parse.Unsure) {
            assertThat(((Parse.Unsure) result).reasons()).isNotEmpty();
        }
    }

    @Property(tries = 1000)
    @Label("collapsing whitespace by hand agrees with the Unicode-aware pattern it replaced")
    void collapseAgreesWithThePattern(@ForAll("spacedText") String text) {
        String single = Pattern.compile("(?U)\\s+").matcher(text).replaceAll(" ");
        String trimmed = single.substring(single.startsWith(" ") ? 1 : 0);

        assertThat(Text.collapse(text)).isEqualTo(trimmed.endsWith(" ") ? trimmed.substring(0, trimmed.length() - 1) : trimmed);
        assertThat(Text.isBlank(text)).isEqualTo(Pattern.compile("(?U)\\s*").matcher(text).matches());
    }

    @Provide
    Arbitrary<String> spacedText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(60),
                Arbitraries.strings().withChars(" \t\n\u000B\f\r\u0085\u00A0\u1680\u2000\u200A\u2028\u2029\u202F\u205F\u3000\u200B\u001Cab").ofMaxLength(30));
    }

    @Property(tries = 1000)
    @Label("every word typed ends up in a field, or in the follow-up date it stood for")
    void neverLosesAWord(@ForAll("captureTexts") List<Piece> pieces) {
        String input = pieces.stream().map(piece -> piece.gap() + piece.token().wire()).collect(Collectors.joining());
        String plain = pieces.stream().map(piece -> piece.gap() + piece.token().plain()).collect(Collectors.joining());
        Parse result = parser.parse(input, LocalDate.of(2026, 11, 25));

        if (result instanceof Parse.Blank) {
            assertThat(plain).isBlank();
            return;
        }
        Capture capture = result instanceof Parse.Confident
                ? ((Parse.Confident) result).capture()
                : ((Parse.Unsure) result).partial();
        Set<String> kept = new HashSet<>(words(String.join(" ", fields(capture))));
        List<String> lost = new ArrayList<>();
        for (String word : words(plain)) {
            boolean inAField = kept.contains(word);
            boolean becameTheDate = capture.followUp() != null && DATE_WORD.matcher(word).matches();
            if (!inAField && !becameTheDate && !MARKER_WORDS.contains(word.toLowerCase(Locale.ROOT))) {
                lost.add(word);
            }
        }
        assertThat(lost).as("words lost from %s%nparsed as %s", input, result).isEmpty();
    }

    // --- Arbitrary text -----------------------------------------------------------------------------------------

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(300),
                Arbitraries.strings().withCharRange('\u0000', '\u0040').withChars("—–:;@,，\"“”").ofMaxLength(200),
                Arbitraries.strings().all().ofMinLength(2900).ofMaxLength(3100),
                Arbitraries.strings().all().ofMinLength(3000).ofMaxLength(12000),
                Arbitraries.strings().withChars(" \t\n\r\u00A0\u2003\u3000\u200B\u200F\u0000").ofMaxLength(50),
                captureTexts().map(pieces -> pieces.stream()
                        .map(piece -> piece.gap() + piece.token().wire()).collect(Collectors.joining())),
                Arbitraries.just(null));
    }

    @Provide
    Arbitrary<LocalDate> anyDay() {
        return Arbitraries.oneOf(Dates.dates(), Arbitraries.of(LocalDate.MIN, LocalDate.MAX, LocalDate.EPOCH));
    }

    // --- Text built from realistic tokens -----------------------------------------------------------------------

    /** A token as Slack sends it ({@code wire}) and as the user meant it ({@code plain}). */
    record Token(String wire, String plain) {}

    /** A token and the whitespace (possibly none) before it. */
    record Piece(String gap, Token token) {}

    @Provide
    Arbitrary<List<Piece>> captureTexts() {
        Arbitrary<String> gap = Arbitraries.of(" ", " ", " ", " ", " ", "", "", "  ", "\n", "\t", "\u00A0");
        Arbitrary<Token> token = Arbitraries.of(VOCABULARY);
        return Combinators.combine(gap, token).as(Piece::new).list().ofMaxSize(40);
    }

    private static final List<Token> VOCABULARY = Stream.of(
            // names, in several scripts
            "Dana", "Lee", "Zoë", "Ångström", "José", "Núñez", "Jean-Luc", "Picard", "O'Brien", "王伟", "山田太郎",
            "سارة", "أحمد", "דנה", "לוי", "\u200Fשלום", "Ana", "García", "I", "I.",
            // companies and roles
            "Acme", "Robotics", "\"Acme, Inc.\"", "“Globex, LLC”", "Inc.", "Inc", "LLC", "GmbH", "S.A.", "Ltd.",
            "Initech", "阿里巴巴", "شركة", "אקמה", "CTO", "VP", "Sales", "co-founder", "Head", "of", "Product",
            // events
            "DevConf", "2026", "RubyConf", "@KubeCon", "meetup", "Berlin", "\"Eat at Joe's\"",
            // separators and markers
            ",", ",", ",", "—", "—", "–", "-", "--", ":", ";", "：", "，", "،", ".", "@", "@", "at", "at", "At",
            "(", ")", "\"", "“", "”", "'",
            // notes
            "wants", "a", "pilot", "met", "the", "coffee", "line", "we", "talked", "about", "API", "10:30",
            "next", "month", "2", "weeks", "on", "in", "with", "their", "CFO",
            // emoji
            "🚀", "👩‍💻", "❤️", "😀😀", "🇩🇪",
            // follow-ups, understood and not
            "follow up in 2 weeks", "follow up tomorrow", "f/u next monday", "followup on 2026-12-09",
            "follow-up next week", "follow up in a month", "follow up in 3 days", "Follow up on friday",
            "follow up in a fortnight", "follow up on 2026-02-30", "follow up on 2020-01-01", "follow up",
            "follow up with", "follow up in 400 days",
            // addresses
            "dana@acme.io", "li.wei@example.com", "https://www.linkedin.com/in/josmith", "https://acme.com/a_(b)",
            "(https://acme.com/x)", "https://x.co/p?q=1,2", "https://dana.dev:", "#hashtag", "&")
            .map(word -> new Token(word, word))
            .collect(Collectors.collectingAndThen(Collectors.toList(), plain -> {
                List<Token> all = new ArrayList<>(plain);
                all.add(new Token("<mailto:kim@park.dev|kim@park.dev>", "kim@park.dev"));
                all.add(new Token("<https://github.com/kim|github.com/kim>", "https://github.com/kim"));
                all.add(new Token("<https://acme.com/team>", "https://acme.com/team"));
                all.add(new Token("<@U123ABC|dana>", "<@U123ABC|dana>"));
                all.add(new Token("<#C42|general>", "<#C42|general>"));
                all.add(new Token("AT&amp;T", "AT&T"));
                return List.copyOf(all);
            }));

    // --- Comparing words ----------------------------------------------------------------------------------------

    /**
     * Words are compared as the runs between whitespace and punctuation: the spec lets punctuation go (",", "—",
     * "@", quotes around a company), and the parser may split at it (an email glued to a comma), but a run of
     * letters, digits, marks or emoji must come through whole.
     */
    private static final Pattern WORD_BREAK = Pattern.compile("(?U)[\\s\\p{P}]+");
    /** Marker keywords the parser may consume ("f/u" is the two runs "f" and "u"). */
    private static final Set<String> MARKER_WORDS =
            Set.of("at", "follow", "up", "followup", "f", "u", "on", "in");
    /** Words a follow-up phrase is made of, which a parsed follow-up date stands for. */
    private static final Pattern DATE_WORD = Pattern.compile("(?i)\\d+|an?|one|two|three"
            + "|four|five|six|seven|eight|nine|ten|eleven|twelve|days?|weeks?|months?|today|tomorrow|next|within"
            + "|by|mon(day)?|tue(s(day)?)?|wed(nesday)?|thu(r(s(day)?)?)?|fri(day)?|sat(urday)?|sun(day)?");

    private static List<String> words(String text) {
        return Arrays.stream(WORD_BREAK.split(text))
                .filter(word -> !word.isEmpty())
                .collect(Collectors.toList());
    }

    private static List<String> fields(Capture capture) {
        return Stream.of(capture.person(), capture.company(), capture.role(), capture.event(), capture.notes(),
                        capture.email(), capture.profileUrl())
                .filter(field -> field != null)
                .collect(Collectors.toList());
    }
}
