package met.capture;

import java.util.List;
import java.util.regex.Pattern;

/** Whitespace handling shared by every step, so they all agree on what a space is (Unicode White_Space). */
final class Text {

    private static final Pattern WHITESPACE = Pattern.compile("(?U)\\s+");
    private static final Pattern ONLY_WHITESPACE = Pattern.compile("(?U)\\s*");

    private Text() {}

    static boolean isBlank(String s) {
        return s == null || ONLY_WHITESPACE.matcher(s).matches();
    }

    static String nullIfBlank(String s) {
        return isBlank(s) ? null : s;
    }

    /** Collapses every run of whitespace to one space and trims both ends. */
    static String collapse(String s) {
        String single = WHITESPACE.matcher(s).replaceAll(" ");
        int start = single.startsWith(" ") ? 1 : 0;
        int end = single.endsWith(" ") && single.length() > start ? single.length() - 1 : single.length();
        return single.substring(start, end);
    }

    /** Trims Unicode whitespace at both ends, leaving the inside untouched. */
    static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    static List<String> words(String s) {
        String collapsed = collapse(s);
        return collapsed.isEmpty() ? List.of() : List.of(collapsed.split(" "));
    }

    static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    static boolean hasLetter(String s) {
        return s.codePoints().anyMatch(Character::isLetter);
    }

    /** Unicode White_Space, the set {@code (?U)\s} matches: unlike Character.isWhitespace it includes no-break spaces. */
    static boolean isSpace(char c) {
        return Character.isSpaceChar(c) || (c >= '\t' && c <= '\r') || c == '\u0085';
    }
}
