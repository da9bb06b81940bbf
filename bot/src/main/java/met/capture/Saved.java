package met.capture;

import java.time.LocalDate;
import java.util.List;

/** What a capture or a debrief form saved, as the confirmation shows it. */
public record Saved(long debriefId, String eventName, LocalDate metOn, List<SavedContact> contacts) {
    public Saved {
        contacts = List.copyOf(contacts);
    }

    /**
     * @param knownAs   the contact's name in the team's memory (the first teammate's spelling)
     * @param isNew     the team had not met this person before
     * @param metBefore the other teammates who met them (most recent first): a warm introduction
     */
    public record SavedContact(long contactId, Debrief.ContactEntry entry, String knownAs, boolean isNew, List<PriorMeeting> metBefore) {
        public SavedContact {
            metBefore = List.copyOf(metBefore);
        }
    }

    /** A teammate's earlier meeting with the same person. {@code eventName} may be null. */
    public record PriorMeeting(String teammateId, LocalDate metOn, String eventName) {
    }
}
