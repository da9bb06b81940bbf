package met.capture;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of networking event the debrief form offers. {@link #code} is what the database and Slack carry. */
public enum EventKind {
    CONFERENCE("conference", "Conference"),
    MEETUP("meetup", "Meetup"),
    CHAMBER_OF_COMMERCE("chamber_of_commerce", "Chamber of commerce"),
    VOLUNTEERING("volunteering", "Volunteering"),
    SOCIAL_OR_ONLINE("social_or_online", "Social or online"),
    CLIENT_REFERRAL("client_referral", "Client referral"),
    OTHER("other", "Other");

    private final String code;
    private final String label;

    EventKind(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    public static Optional<EventKind> fromCode(String code) {
        return Arrays.stream(values()).filter(k -> k.code.equals(code)).findFirst();
    }
}
