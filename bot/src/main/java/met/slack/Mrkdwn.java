package met.slack;

/** Text for Slack's mrkdwn fields. */
public final class Mrkdwn {
    private Mrkdwn() {
    }

    /**
     * Whatever a user typed is data, never markup: with {@code &}, {@code <} and {@code >} escaped, a typed
     * {@code <!channel>} or {@code <@U123>} shows as text and pings nobody.
     */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Cuts text to {@code max} characters with an ellipsis, without splitting a surrogate pair. */
    public static String truncate(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
