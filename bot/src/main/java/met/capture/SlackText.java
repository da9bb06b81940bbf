package met.capture;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Undoes Slack's transport encoding: {@code <https://x.com|x.com>} and {@code <mailto:a@b.com|a@b.com>} become
 * their address, and the three HTML entities Slack escapes are decoded. Other {@code <…>} forms, such as user
 * mentions, are data and stay as they are.
 */
public final class SlackText {

    private static final Pattern LINK = Pattern.compile("<((?i:https?://|mailto:)[^<>|\\s]*)(?:\\|[^<>]*)?>");
    private static final String MAILTO = "mailto:";

    private SlackText() {}

    public static String unescape(String text) {
        Matcher link = LINK.matcher(text);
        String unwrapped = link.replaceAll(found -> Matcher.quoteReplacement(address(found.group(1), found.group())));
        // Slack escapes only these three; &amp; goes last so "&amp;lt;" becomes the "&lt;" the user typed.
        return unwrapped.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    private static String address(String target, String whole) {
        if (!target.regionMatches(true, 0, MAILTO, 0, MAILTO.length())) {
            return target;
        }
        String mailbox = target.substring(MAILTO.length());
        int query = mailbox.indexOf('?');
        String address = query < 0 ? mailbox : mailbox.substring(0, query);
        return address.isEmpty() ? whole : address;
    }
}
