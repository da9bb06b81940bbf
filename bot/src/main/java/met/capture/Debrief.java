package met.capture;

import java.time.LocalDate;
import java.util.List;

/**
 * A debrief as the form shows it and the service saves it: one event (optional), who was there, everyone met,
 * and what came out of it. Text fields are null when empty, never blank.
 *
 * @param eventName  null when the debrief is not about a named event
 * @param eventDate  the day of the event (or of the meeting); never null
 * @param teammates  Slack user ids of the other teammates who were there
 * @param contacts   one to ten people met
 */
public record Debrief(String eventName, LocalDate eventDate, EventKind eventKind, List<String> teammates,
                      List<ContactEntry> contacts, String ideas, List<ActionItemEntry> actionItems,
                      List<ReferralEntry> referrals) {
    public static final int MAX_CONTACTS = 10;

    public Debrief {
        teammates = List.copyOf(teammates);
        contacts = List.copyOf(contacts);
        actionItems = List.copyOf(actionItems);
        referrals = List.copyOf(referrals);
    }

    /** What a quick capture (or the part of one Met could read) saves or prefills the form with: at most one person. */
    public static Debrief of(Capture c, LocalDate today) {
        boolean anything = c.person() != null || c.company() != null || c.role() != null || c.email() != null
                || c.profileUrl() != null || c.notes() != null || c.followUp() != null;
        List<ContactEntry> contacts = anything
                ? List.of(new ContactEntry(c.person(), c.company(), c.role(), c.email(), c.profileUrl(), c.notes(), c.followUp()))
                : List.of();
        return new Debrief(c.event(), today, EventKind.OTHER, List.of(), contacts, null, List.of(), List.of());
    }

    /** One person met. {@code followUp} is the day to follow up, or null. */
    public record ContactEntry(String name, String company, String role, String email, String profileUrl,
                               String notes, LocalDate followUp) {
    }

    /** One action item; {@code ownerId} is a Slack user id, or null for the author. */
    public record ActionItemEntry(String text, String ownerId) {
    }

    public enum ReferralDirection {
        GIVEN("given"), ASKED("asked"), RECEIVED("received");

        private final String code;

        ReferralDirection(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** A referral given to, asked of, or received from someone; {@code note} says who and what. */
    public record ReferralEntry(ReferralDirection direction, String note) {
    }
}
