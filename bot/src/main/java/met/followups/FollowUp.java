package met.followups;

import java.time.LocalDate;

/**
 * A follow-up as its owner sees it: whom to get back to, since when, and where they met.
 *
 * @param status    open, snoozed or done
 * @param eventName where the meeting behind it happened; null when none
 */
public record FollowUp(long id, String ownerId, long contactId, String contactName, String company, String role,
                       LocalDate dueOn, String status, LocalDate metOn, String eventName, String notes) {
    public boolean isDone() {
        return "done".equals(status);
    }
}
