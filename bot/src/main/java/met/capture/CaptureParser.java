package met.capture;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the quick-capture text typed after {@code /met}:
 * {@code <person>[, <company>][, <role>] [@ <event> | at <event>] [— <notes>] [follow up …]}, with an email
 * address and/or profile URL anywhere.
 */
public final class CaptureParser {

    /** Text longer than this is never truncated silently: result is Unsure with the whole text in notes. */
    public static final int MAX_LENGTH = 3000;

    static final String NO_PERSON = "I couldn't tell who you met.";
    static final String SENTENCE = "That reads like a sentence rather than a name, so I kept it all in the notes.";
    static final String TOO_LONG =
            "That's longer than " + MAX_LENGTH + " characters, so I kept all of it in the notes.";

    private static final int MAX_NAME_LENGTH = 80;
    private static final int MAX_NAME_WORDS = 6;

    /** The first of these (outside quotes) ends the who/where part; everything after it is notes. */
    private static final Pattern NOTES_SEPARATOR = Pattern.compile("—|(?<=^| )(?:–|--?)(?= |$)|[:;](?= |$)|：");
    /** "@" must open a word and not be a Slack mention ("<@U123>"); emails are already gone by now. */
    private static final Pattern EVENT_MARKER = Pattern.compile("(?<=^|[ ,，،])(?:@(?![@<])|(?i:at)(?= |$))");
    private static final String COMPANY_SUFFIX = "inc\\.?|incorporated|corp\\.?|corporation|co\\.|"
            + "llc\\.?|l\\.l\\.c\\.?|llp\\.?|l\\.l\\.p\\.?|lp\\.?|l\\.p\\.|pllc\\.?|ltd\\.?|limited|plc\\.?|"
            + "gmbh|ggmbh|ag|kg|ug|e\\.v\\.|s\\.a\\.?|s\\.a\\.s\\.?|sas|s\\.l\\.?|s\\.l\\.u\\.?|s\\.p\\.a\\.?|"
            + "s\\.r\\.l\\.?|srl|sarl|s\\.à r\\.l\\.?|b\\.v\\.?|bv|n\\.v\\.?|nv|oy|oyj|ab|a/s|aps|asa|k\\.k\\.?|kk|"
            + "pty\\.? ltd\\.?|pte\\.? ltd\\.?|pvt\\.? ltd\\.?|ltda\\.?|s\\.a\\. de c\\.v\\.?|sp\\. z o\\.o\\.?";
    private static final Pattern WHOLE_COMPANY_SUFFIX = Pattern.compile("(?i)(?:" + COMPANY_SUFFIX + ")");
    /** "Acme, Inc. VP Sales": a suffix ending in a full stop can be followed by the role without a comma. */
    private static final Pattern COMPANY_SUFFIX_THEN_MORE = Pattern.compile("(?i)(?:" + COMPANY_SUFFIX + ")(?= )");
    private static final String EDGE_PUNCTUATION = " ,;:，،：";
    private static final String WORD_EDGE_PUNCTUATION = "\"'“”‘’«»,;:!?()[]";

    /** Words that turn up in sentences about a meeting but not in people's names. */
    private static final Set<String> SENTENCE_WORDS = Set.of(
            "i", "i'm", "i’m", "i've", "i’ve", "me", "my", "mine", "we", "we're", "we’re", "our", "us", "you",
            "your", "he", "she", "he's", "he’s", "she's", "she’s", "they", "them", "him", "his", "her", "hers",
            "their", "someone", "somebody", "anyone", "everyone", "met", "meet", "meeting", "talked", "talking",
            "spoke", "chatted", "had", "have", "has", "was", "were", "is", "are", "been", "really", "very",
            "great", "nice", "awesome", "interesting", "about", "with", "who", "what", "that", "this", "the",
            "today", "yesterday", "tonight");

    private record Split(String head, String notes) {}

    /** {@code leftover} is a second, different event, which goes to the notes. */
    private record Event(String name, String leftover, String reason) {}

    private record Head(String person, String company, String role, Event event, boolean personStandsAlone) {}

    private static final Event NO_EVENT = new Event(null, null, null);

    /**
     * Pure: no clock, no I/O. {@code today} is the date in the user's own time zone. Never throws for any String
     * (null → Blank).
     *
     * @throws NullPointerException if {@code today} is null, since relative follow-up dates need it
     */
    public Parse parse(String text, LocalDate today) {
        Objects.requireNonNull(today, "today");
        String unescaped = text == null ? "" : Text.trim(SlackText.unescape(text));
        if (unescaped.isEmpty()) {
            return new Parse.Blank();
        }
        if (Text.length(unescaped) > MAX_LENGTH) {
            return new Parse.Unsure(notesOnly(unescaped), List.of(TOO_LONG));
        }
        return read(Text.collapse(unescaped), today);
    }

    private static Parse read(String text, LocalDate today) {
        Contacts.Result contacts = Contacts.extract(text);
        FollowUps.Result followUps = FollowUps.extract(contacts.rest(), today);
        Split split = splitNotes(followUps.text());
        Head head = readHead(split.head());
        if (head.person() != null && readsLikeSentence(head.person(), head.personStandsAlone())) {
            return asSentence(followUps.text(), contacts, followUps);
        }

        List<String> reasons = new ArrayList<>();
        StringBuilder notes = new StringBuilder();
        String person = head.person();
        if (person == null || !Text.hasLetter(person)) {
            reasons.add(NO_PERSON);
            addNote(notes, "; ", person);
            person = null;
        }
        if (head.event().reason() != null) {
            reasons.add(head.event().reason());
        }
        addNote(notes, "; ", head.event().leftover());
        addNote(notes, "; ", split.notes());
        addExtras(notes, contacts, followUps);
        reasons.addAll(followUps.reasons());

        Capture capture = new Capture(person, head.company(), head.role(), head.event().name(),
                notes.toString(), contacts.email(), contacts.profileUrl(), followUps.date());
        return reasons.isEmpty() ? new Parse.Confident(capture) : new Parse.Unsure(capture, reasons);
    }

    /** Who/where guesses from a sentence would be noise; only the addresses and the date are trustworthy. */
    private static Parse asSentence(String text, Contacts.Result contacts, FollowUps.Result followUps) {
        StringBuilder notes = new StringBuilder();
        addNote(notes, "; ", text);
        addExtras(notes, contacts, followUps);
        List<String> reasons = new ArrayList<>();
        reasons.add(SENTENCE);
        reasons.addAll(followUps.reasons());
        return new Parse.Unsure(new Capture(null, null, null, null, notes.toString(),
                contacts.email(), contacts.profileUrl(), followUps.date()), reasons);
    }

    private static Capture notesOnly(String text) {
        return new Capture(null, null, null, null, text, null, null, null);
    }

    private static Split splitNotes(String text) {
        int[] separator = findUnquoted(NOTES_SEPARATOR, text, Quotes.mask(text), 0);
        if (separator == null) {
            return new Split(text, null);
        }
        return new Split(text.substring(0, separator[0]), text.substring(separator[1]));
    }

    private static Head readHead(String head) {
        boolean[] quoted = Quotes.mask(head);
        int[] marker = findUnquoted(EVENT_MARKER, head, quoted, 0);
        String who = marker == null ? head : head.substring(0, marker[0]);
        Event event = marker == null ? NO_EVENT : readEvent(head, quoted, marker[1]);
        List<int[]> parts = commaParts(who);
        String person = clean(part(who, parts, 0));
        String company = clean(part(who, parts, 1));
        String role = parts.size() > 2 ? clean(who.substring(parts.get(2)[0], parts.get(parts.size() - 1)[1])) : null;
        return new Head(person, company, role, event, parts.size() == 1);
    }

    /** The event runs to the end of the head; a second marker there means the user named two places. */
    private static Event readEvent(String head, boolean[] quoted, int from) {
        int[] second = findUnquoted(EVENT_MARKER, head, quoted, from);
        String first = clean(head.substring(from, second == null ? head.length() : second[0]));
        if (second == null) {
            return new Event(first, null, null);
        }
        String other = clean(head.substring(second[1]));
        if (first == null) {
            return new Event(other, null, null);
        }
        if (other == null || first.equals(other)) {
            return new Event(first, null, null);
        }
        return new Event(first, Text.trim(head.substring(second[0])),
                "I found two candidate events, “" + first + "” and “" + other + "”.");
    }

    /**
     * Spans of the comma-separated parts, outside quotes. The first (the person) is kept even when blank, so a
     * leading comma still means "no person"; later blank parts are dropped; company suffixes ("Inc.") are joined
     * back to the part before them.
     */
    private static List<int[]> commaParts(String who) {
        List<int[]> parts = new ArrayList<>();
        for (int[] span : commaSpans(who)) {
            int start = firstNonSpace(who, span[0], span[1]);
            if (parts.isEmpty()) {
                parts.add(span);
                continue;
            }
            if (start == span[1]) {
                continue;
            }
            int[] previous = parts.get(parts.size() - 1);
            boolean previousHasText = firstNonSpace(who, previous[0], previous[1]) < previous[1];
            if (previousHasText && WHOLE_COMPANY_SUFFIX.matcher(Text.trim(who.substring(start, span[1]))).matches()) {
                previous[1] = span[1];
                continue;
            }
            Matcher suffix = COMPANY_SUFFIX_THEN_MORE.matcher(who).region(start, span[1]);
            if (previousHasText && suffix.lookingAt() && suffix.group().endsWith(".")) {
                previous[1] = suffix.end();
                parts.add(new int[] {suffix.end(), span[1]});
                continue;
            }
            parts.add(span);
        }
        return parts;
    }

    private static List<int[]> commaSpans(String who) {
        boolean[] quoted = Quotes.mask(who);
        List<int[]> spans = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < who.length(); i++) {
            if (!quoted[i] && Contacts.isComma(who.charAt(i))) {
                spans.add(new int[] {start, i});
                start = i + 1;
            }
        }
        spans.add(new int[] {start, who.length()});
        return spans;
    }

    private static String part(String who, List<int[]> parts, int index) {
        return index < parts.size() ? who.substring(parts.get(index)[0], parts.get(index)[1]) : null;
    }

    private static int firstNonSpace(String s, int from, int to) {
        int i = from;
        while (i < to && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static int[] findUnquoted(Pattern pattern, String s, boolean[] quoted, int from) {
        Matcher m = pattern.matcher(s);
        int at = from;
        while (at <= s.length() && m.find(at)) {
            if (!quoted[m.start()]) {
                return new int[] {m.start(), m.end()};
            }
            at = m.start() + 1;
        }
        return null;
    }

    private static boolean readsLikeSentence(String person, boolean standsAlone) {
        List<String> words = Text.words(person);
        if (Text.length(person) > MAX_NAME_LENGTH || (standsAlone && words.size() > MAX_NAME_WORDS)) {
            return true;
        }
        return words.stream().map(CaptureParser::bareWord).anyMatch(SENTENCE_WORDS::contains);
    }

    /** Lower-cased with quotes and commas around it removed; full stops stay, so the initial "I." is no pronoun. */
    private static String bareWord(String word) {
        return trimChars(word, WORD_EDGE_PUNCTUATION).toLowerCase(Locale.ROOT);
    }

    private static void addExtras(StringBuilder notes, Contacts.Result contacts, FollowUps.Result followUps) {
        for (String extra : contacts.extras()) {
            addNote(notes, " ", extra);
        }
        for (FollowUps.Kept kept : followUps.kept()) {
            addNote(notes, kept.joiner(), kept.phrase());
        }
    }

    private static void addNote(StringBuilder notes, String joiner, String text) {
        String note = text == null ? "" : trimChars(Text.collapse(text), EDGE_PUNCTUATION);
        if (note.isEmpty()) {
            return;
        }
        boolean endsClause = notes.length() > 0 && ".;,!?:".indexOf(notes.charAt(notes.length() - 1)) >= 0;
        if (notes.length() > 0) {
            notes.append(endsClause ? " " : joiner);
        }
        notes.append(note);
    }

    /** Collapses whitespace, drops separators left at either end, and one pair of wrapping quotes; null if empty. */
    private static String clean(String raw) {
        if (raw == null) {
            return null;
        }
        String trimmed = trimChars(Text.collapse(raw), EDGE_PUNCTUATION);
        return Text.nullIfBlank(Quotes.unwrap(trimmed));
    }

    private static String trimChars(String s, String chars) {
        int start = 0;
        int end = s.length();
        while (start < end && chars.indexOf(s.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && chars.indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return s.substring(start, end);
    }
}
