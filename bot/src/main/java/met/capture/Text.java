package met.capture;

import java.util.List;

/** Whitespace handling shared by every step, so they all agree on what a space is (Unicode White_Space). */
final class Text {

    private Text() {}

    static boolean isBlank(String s) {
        if (s == null) {
            return true;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isSpace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static String nullIfBlank(String s) {
        return isBlank(s) ? null : s;
    }

    /**
     * Collapses every run of whitespace to one space and trims both ends. A loop rather than a {@code (?U)\s+}
     * replace: every capture goes through here several times, and the Unicode-aware pattern was a visible part of a
     * capture's CPU in the load benchmark.
     */
    static String collapse(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean spaceBefore = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isSpace(c)) {
                spaceBefore = out.length() > 0;
            } else {
                if (spaceBefore) {
                    out.append(' ');
                    spaceBefore = false;
                }
                out.append(c);
            }
        }
        return out.toString();
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
