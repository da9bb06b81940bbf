package met.capture;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the email address and profile URL wherever they appear and lifts them out of the running text. */
final class Contacts {

    /** {@code rest} is the text without them; {@code extras} are further addresses, which belong in the notes. */
    record Result(String rest, String email, String profileUrl, List<String> extras) {}

    // Addresses start only after whitespace or punctuation, so lifting one out never cuts a word in two.
    private static final Pattern URL = Pattern.compile("(?i)(?<=^|[\\s\\p{P}])https?://[^\\s\"“”—，、：،]+");
    private static final Pattern EMAIL = Pattern.compile(
            "(?<![^\\s\\p{P}]|[._%\\-])[\\p{L}\\p{N}._%+\\-]+@[\\p{L}\\p{N}.\\-]+");
    private static final Pattern TOP_LEVEL_DOMAIN = Pattern.compile("\\p{L}{2,}");
    /** What may follow an address directly: anything else means it is part of a longer token. */
    private static final String AFTER_ADDRESS = ".,;:!?)]}\"'’”»，、：،—";
    /** Where an address was cut out right before punctuation, "see ." should read "see.". */
    private static final Pattern NO_SPACE_BEFORE_PUNCTUATION = Pattern.compile(" +([.,;!?)])(?= |$)");
    private static final String URL_TRAILING_PUNCTUATION = ".,;:!?'’”»)]}";

    private Contacts() {}

    static Result extract(String text) {
        List<String> urls = new ArrayList<>();
        String withoutUrls = remove(text, urlSpans(text), urls);
        List<String> emails = new ArrayList<>();
        String rest = remove(withoutUrls, emailSpans(withoutUrls), emails);
        List<String> extras = new ArrayList<>();
        if (emails.size() > 1) {
            extras.addAll(emails.subList(1, emails.size()));
        }
        if (urls.size() > 1) {
            extras.addAll(urls.subList(1, urls.size()));
        }
        return new Result(Text.collapse(rest), first(emails), first(urls), extras);
    }

    private static List<int[]> urlSpans(String text) {
        List<int[]> spans = new ArrayList<>();
        if (!text.contains("://")) { // the pattern tries every position of every capture; most hold no link
            return spans;
        }
        Matcher m = URL.matcher(text);
        while (m.find()) {
            int end = withoutTrailingPunctuation(text, m.start(), m.end());
            boolean hasHost = text.indexOf("//", m.start()) + 2 < end;
            if (hasHost) {
                spans.add(new int[] {m.start(), end});
            }
        }
        return spans;
    }

    /** A sentence may end right after a URL; ")" only belongs to it when it closes a "(" inside it. */
    private static int withoutTrailingPunctuation(String text, int start, int end) {
        while (end > start && URL_TRAILING_PUNCTUATION.indexOf(text.charAt(end - 1)) >= 0) {
            char last = text.charAt(end - 1);
            if (last == ')' && count(text, start, end, '(') >= count(text, start, end, ')')) {
                break;
            }
            end--;
        }
        return end;
    }

    private static List<int[]> emailSpans(String text) {
        List<int[]> spans = new ArrayList<>();
        if (!hasAtAfterNonSpace(text)) { // "CTO @ DevConf" is an event, and the pattern is costly on every word
            return spans;
        }
        Matcher m = EMAIL.matcher(text);
        while (m.find()) {
            int end = m.end();
            while (end > m.start() && ".-".indexOf(text.charAt(end - 1)) >= 0) {
                end--;
            }
            if (isEmail(text.substring(m.start(), end)) && endsToken(text, end)) {
                spans.add(new int[] {m.start(), end});
            }
        }
        return spans;
    }

    private static boolean isEmail(String candidate) {
        int at = candidate.indexOf('@');
        String local = candidate.substring(0, at);
        String[] labels = candidate.substring(at + 1).split("\\.", -1);
        if (local.isEmpty() || labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (label.isEmpty()) {
                return false;
            }
        }
        return TOP_LEVEL_DOMAIN.matcher(labels[labels.length - 1]).matches();
    }

    private static boolean endsToken(String text, int end) {
        if (end == text.length()) {
            return true;
        }
        char next = text.charAt(end);
        return Text.isSpace(next) || AFTER_ADDRESS.indexOf(next) >= 0;
    }

    /**
     * Cuts the spans out, collecting their text. An address that stood as its own comma-separated part after the
     * first takes one adjacent comma with it, so "Li Wei, li@x.com, Initech" still reads as person, company. In the
     * first part it does not: there it stood in the person's place, and that place stays empty.
     */
    private static String remove(String text, List<int[]> spans, List<String> found) {
        StringBuilder rest = new StringBuilder();
        int copied = 0;
        for (int[] span : spans) {
            found.add(text.substring(span[0], span[1]));
            int end = span[1];
            int before = skipSpacesBackward(text, span[0]);
            int after = skipSpacesForward(text, end);
            boolean standsAlone = before >= 0 && isComma(text.charAt(before));
            if (standsAlone && after < text.length() && isComma(text.charAt(after))) {
                end = after + 1;
            }
            rest.append(text, copied, span[0]).append(' ');
            copied = end;
        }
        rest.append(text, copied, text.length());
        return NO_SPACE_BEFORE_PUNCTUATION.matcher(rest).replaceAll("$1");
    }

    /** An email needs a character of its local part right before its "@". */
    private static boolean hasAtAfterNonSpace(String text) {
        for (int at = text.indexOf('@', 1); at > 0; at = text.indexOf('@', at + 1)) {
            if (!Text.isSpace(text.charAt(at - 1))) {
                return true;
            }
        }
        return false;
    }

    private static int skipSpacesBackward(String text, int from) {
        int i = from - 1;
        while (i >= 0 && text.charAt(i) == ' ') {
            i--;
        }
        return i;
    }

    private static int skipSpacesForward(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    static boolean isComma(char c) {
        return c == ',' || c == '，' || c == '،';
    }

    private static int count(String text, int start, int end, char c) {
        int n = 0;
        for (int i = start; i < end; i++) {
            if (text.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    private static String first(List<String> values) {
        return values.isEmpty() ? null : values.get(0);
    }
}
