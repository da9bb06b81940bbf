package met.slack;

import static met.db.jooq.Tables.SLACK_EVENT;

import java.time.OffsetDateTime;
import org.jooq.DSLContext;

/**
 * Slack retries Events API deliveries (up to three times, same event_id) when an ack is slow or lost; each
 * delivery is recorded here, so that its work is done once whichever replica receives the retry.
 */
public final class HandledEvents {
    private static final int KEEP_DAYS = 7;

    private final DSLContext db;

    public HandledEvents(DSLContext db) {
        this.db = db;
    }

    /** True the first time this event is seen; false for Slack's retries. */
    public boolean firstTime(String teamId, String eventId) {
        if (eventId == null) {
            return true;
        }
        return db.insertInto(SLACK_EVENT, SLACK_EVENT.TEAM_ID, SLACK_EVENT.EVENT_ID)
                .values(teamId, eventId)
                .onConflictDoNothing()
                .execute() == 1;
    }

    /** Retries come within minutes; a week of ids is plenty. */
    public int forgetOld() {
        return db.deleteFrom(SLACK_EVENT).where(SLACK_EVENT.RECEIVED_AT.lt(OffsetDateTime.now().minusDays(KEEP_DAYS))).execute();
    }
}
