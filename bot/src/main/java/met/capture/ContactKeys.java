package met.capture;

import java.net.URI;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How Met decides that two captures name the same person: the same email, the same profile URL, or the same
 * name and company once case, accents, punctuation and spacing are set aside ("José  Núñez, ACME Inc." is
 * "jose nunez" at "acme").
 */
public record ContactKeys(String name, String company, String email, String profile) {
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern COMPANY_SUFFIX = Pattern.compile(
            "\\s+(inc|incorporated|llc|ltd|limited|gmbh|sa|sas|sarl|bv|ag|plc|corp|corporation|co|company|oy|ab|srl|spa|pty)$");

    public static ContactKeys of(Debrief.ContactEntry entry) {
        return new ContactKeys(text(entry.name()), company(entry.company()), email(entry.email()), profile(entry.profileUrl()));
    }

    /** Lower case, accents removed, anything but letters and digits turned into single spaces. */
    public static String text(String s) {
        if (s == null) {
            return "";
        }
        String decomposed = MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFKD)).replaceAll("");
        return NOT_WORD.matcher(decomposed.toLowerCase(Locale.ROOT)).replaceAll(" ").trim();
    }

    public static String company(String s) {
        String key = text(s);
        String previous;
        do { // "Acme, Inc." and "ACME Corp Ltd" are Acme
            previous = key;
            key = COMPANY_SUFFIX.matcher(key).replaceAll("").trim();
        } while (!key.equals(previous) && !key.isEmpty());
        return key.isEmpty() ? text(s) : key;
    }

    public static String email(String s) {
        return s == null || s.isBlank() ? null : s.trim().toLowerCase(Locale.ROOT);
    }

    /** Scheme, "www.", query, fragment and trailing slashes do not make a different profile. */
    static String profile(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(s.trim());
            if (uri.getHost() == null) {
                return s.trim().toLowerCase(Locale.ROOT);
            }
            String host = uri.getHost().toLowerCase(Locale.ROOT).replaceFirst("^www\\.", "");
            String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
            return host + path.toLowerCase(Locale.ROOT);
        } catch (Exception e) {
            return s.trim().toLowerCase(Locale.ROOT);
        }
    }
}
