package met.capture;

import java.util.Arrays;

/** Quoted stretches ("…", “…”, „…“, «…») are opaque: commas, separators and "at" inside them are data. */
final class Quotes {

    private Quotes() {}

    /** For each char of {@code s}, whether it lies within a matched pair of quotes (quotes included). */
    static boolean[] mask(String s) {
        boolean[] quoted = new boolean[s.length()];
        int i = 0;
        while (i < s.length()) {
            int close = closingIndex(s, i);
            if (close > i) {
                Arrays.fill(quoted, i, close + 1, true);
                i = close + 1;
            } else {
                i++;
            }
        }
        return quoted;
    }

    /** Removes one pair of quotes wrapping the whole of {@code s}, if there is one. */
    static String unwrap(String s) {
        if (s.length() >= 2 && closingIndex(s, 0) == s.length() - 1) {
            return Text.trim(s.substring(1, s.length() - 1));
        }
        return s;
    }

    private static int closingIndex(String s, int open) {
        String closers = closersFor(s.charAt(open));
        if (closers.isEmpty()) {
            return -1;
        }
        for (int j = open + 1; j < s.length(); j++) {
            if (closers.indexOf(s.charAt(j)) >= 0) {
                return j;
            }
        }
        return -1;
    }

    private static String closersFor(char open) {
        return switch (open) {
            case '"' -> "\"";
            case '“' -> "”\"";
            case '”' -> "”";
            case '„' -> "“”";
            case '«' -> "»";
            default -> "";
        };
    }
}
