package met.followups;

import static met.db.jooq.Tables.CONTACT;
import static met.db.jooq.Tables.EVENT;
import static met.db.jooq.Tables.FOLLOW_UP;
import static met.db.jooq.Tables.MEETING;
import static met.db.jooq.Tables.REMINDER;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.greatest;
import static org.jooq.impl.DSL.val;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import met.db.jooq.tables.records.ReminderRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record11;
import org.jooq.SelectOnConditionStep;

/** The SQL of follow-ups and of the reminders that announce them. Every statement is scoped by team. */
public final class FollowUpRepository {
    private static final List<String> PENDING = List.of("open", "snoozed");

    private final DSLContext db;

    public FollowUpRepository(DSLContext db) {
        this.db = db;
    }

    /** A teammate with follow-ups that may need a reminder. */
    public record Owner(String teamId, String ownerId) {
    }

    /** One reminder row: a teammate's DM for one local day. */
    /** {@code unconfirmedSince}: an attempt from then on may have reached Slack without Met hearing back; null when none. */
    public record ReminderRow(String teamId, String ownerId, LocalDate localDay, String status, int attempts, Instant unconfirmedSince) {
    }

    private SelectOnConditionStep<Record11<Long, String, Long, String, String, String, LocalDate, String, LocalDate, String, String>> select() {
        return db.select(FOLLOW_UP.ID, FOLLOW_UP.OWNER_ID, CONTACT.ID, CONTACT.NAME, CONTACT.COMPANY, CONTACT.ROLE,
                        FOLLOW_UP.DUE_ON, FOLLOW_UP.STATUS, MEETING.MET_ON, EVENT.NAME, MEETING.NOTES)
                .from(FOLLOW_UP)
                .join(CONTACT).on(CONTACT.TEAM_ID.eq(FOLLOW_UP.TEAM_ID), CONTACT.ID.eq(FOLLOW_UP.CONTACT_ID))
                .leftJoin(MEETING).on(MEETING.TEAM_ID.eq(FOLLOW_UP.TEAM_ID), MEETING.ID.eq(FOLLOW_UP.MEETING_ID))
                .leftJoin(EVENT).on(EVENT.TEAM_ID.eq(MEETING.TEAM_ID), EVENT.ID.eq(MEETING.EVENT_ID));
    }

    private static FollowUp map(Record11<Long, String, Long, String, String, String, LocalDate, String, LocalDate, String, String> r) {
        return new FollowUp(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(), r.value7(), r.value8(),
                r.value9(), r.value10(), r.value11());
    }

    /** Everything a teammate still has to do, earliest first. */
    public List<FollowUp> pendingFor(String teamId, String ownerId, int limit) {
        return select()
                .where(FOLLOW_UP.TEAM_ID.eq(teamId), FOLLOW_UP.OWNER_ID.eq(ownerId), FOLLOW_UP.STATUS.in(PENDING))
                .orderBy(FOLLOW_UP.DUE_ON, FOLLOW_UP.ID)
                .limit(limit)
                .fetch(FollowUpRepository::map);
    }

    public int countPendingFor(String teamId, String ownerId) {
        return db.fetchCount(FOLLOW_UP, FOLLOW_UP.TEAM_ID.eq(teamId), FOLLOW_UP.OWNER_ID.eq(ownerId), FOLLOW_UP.STATUS.in(PENDING));
    }

    public List<FollowUp> byIds(String teamId, Collection<Long> ids) {
        return select()
                .where(FOLLOW_UP.TEAM_ID.eq(teamId), FOLLOW_UP.ID.in(ids))
                .orderBy(FOLLOW_UP.DUE_ON, FOLLOW_UP.ID)
                .fetch(FollowUpRepository::map);
    }

    public Optional<FollowUp> find(String teamId, long id) {
        return select().where(FOLLOW_UP.TEAM_ID.eq(teamId), FOLLOW_UP.ID.eq(id)).fetchOptional(FollowUpRepository::map);
    }

    private static Condition notYetReminded() {
        return FOLLOW_UP.STATUS.in(PENDING).and(FOLLOW_UP.REMINDED_ON.isNull().or(FOLLOW_UP.REMINDED_ON.lt(FOLLOW_UP.DUE_ON)));
    }

    /**
     * Teammates, across teams, with a follow-up due by {@code latestDay} that has not been reminded for its date.
     * The caller passes tomorrow in UTC: in the easternmost zones it is already that day.
     */
    public List<Owner> ownersWithDue(LocalDate latestDay) {
        return db.selectDistinct(FOLLOW_UP.TEAM_ID, FOLLOW_UP.OWNER_ID)
                .from(FOLLOW_UP)
                .where(FOLLOW_UP.DUE_ON.le(latestDay), notYetReminded())
                .fetch(r -> new Owner(r.value1(), r.value2()));
    }

    /** What one reminder announces: the owner's follow-ups due by their local day and not reminded yet. */
    public List<FollowUp> dueFor(String teamId, String ownerId, LocalDate localDay) {
        return select()
                .where(FOLLOW_UP.TEAM_ID.eq(teamId), FOLLOW_UP.OWNER_ID.eq(ownerId), FOLLOW_UP.DUE_ON.le(localDay), notYetReminded())
                .orderBy(FOLLOW_UP.DUE_ON, FOLLOW_UP.ID)
                .fetch(FollowUpRepository::map);
    }

    /**
     * Claims the owner's reminder for a local day: its row as claimed for exactly one caller, whichever replica or
     * retry asks, and only while it is pending and its next attempt is due; empty for any other.
     */
    public Optional<ReminderRow> claim(String teamId, String ownerId, LocalDate localDay, Instant now) {
        db.insertInto(REMINDER, REMINDER.TEAM_ID, REMINDER.OWNER_ID, REMINDER.LOCAL_DAY, REMINDER.NEXT_ATTEMPT_AT)
                .values(teamId, ownerId, localDay, at(now))
                .onConflictDoNothing()
                .execute();
        return db.update(REMINDER)
                .set(REMINDER.STATUS, "sending")
                .set(REMINDER.ATTEMPTS, REMINDER.ATTEMPTS.plus(1))
                .set(REMINDER.CLAIMED_AT, at(now))
                .where(REMINDER.TEAM_ID.eq(teamId), REMINDER.OWNER_ID.eq(ownerId), REMINDER.LOCAL_DAY.eq(localDay),
                        REMINDER.STATUS.eq("pending"), REMINDER.NEXT_ATTEMPT_AT.le(at(now)))
                .returning()
                .fetchOptional()
                .map(FollowUpRepository::reminderRow);
    }

    public void markSent(String teamId, String ownerId, LocalDate localDay, Collection<Long> followUpIds, Instant now) {
        db.update(REMINDER)
                .set(REMINDER.STATUS, "sent")
                .set(REMINDER.SENT_AT, at(now))
                .set(REMINDER.LAST_ERROR, (String) null)
                .where(REMINDER.TEAM_ID.eq(teamId), REMINDER.OWNER_ID.eq(ownerId), REMINDER.LOCAL_DAY.eq(localDay))
                .execute();
        db.update(FOLLOW_UP)
                .set(FOLLOW_UP.REMINDED_ON, FOLLOW_UP.DUE_ON)
                .where(FOLLOW_UP.TEAM_ID.eq(teamId), FOLLOW_UP.ID.in(followUpIds))
                .execute();
    }

    public void giveUp(String teamId, String ownerId, LocalDate localDay, String error) {
        db.update(REMINDER)
                .set(REMINDER.STATUS, "failed")
                .set(REMINDER.LAST_ERROR, error)
                .where(REMINDER.TEAM_ID.eq(teamId), REMINDER.OWNER_ID.eq(ownerId), REMINDER.LOCAL_DAY.eq(localDay))
                .execute();
    }

    /**
     * A failed attempt: back to pending, to be tried again at {@code nextAttempt}. {@code mayHaveBeenSent}: its answer
     * was lost, so the next attempt looks for it in the DM first, from the claim of the first such attempt on.
     */
    public void retryLater(String teamId, String ownerId, LocalDate localDay, Instant nextAttempt, String error, boolean mayHaveBeenSent) {
        db.update(REMINDER)
                .set(REMINDER.STATUS, "pending")
                .set(REMINDER.NEXT_ATTEMPT_AT, at(nextAttempt))
                .set(REMINDER.LAST_ERROR, error)
                .set(REMINDER.UNCONFIRMED_SINCE, mayHaveBeenSent ? coalesce(REMINDER.UNCONFIRMED_SINCE, REMINDER.CLAIMED_AT) : REMINDER.UNCONFIRMED_SINCE)
                .where(REMINDER.TEAM_ID.eq(teamId), REMINDER.OWNER_ID.eq(ownerId), REMINDER.LOCAL_DAY.eq(localDay))
                .execute();
    }

    /**
     * Reminders left 'sending' by a process that died mid-send. Slack may or may not have posted them: they become
     * pending again, unconfirmed, so that their next attempt looks for them in the DM before sending.
     */
    public List<ReminderRow> releaseInterrupted(Instant claimedBefore, Instant now) {
        return db.update(REMINDER)
                .set(REMINDER.STATUS, "pending")
                .set(REMINDER.NEXT_ATTEMPT_AT, at(now))
                .set(REMINDER.LAST_ERROR, "interrupted while sending")
                .set(REMINDER.UNCONFIRMED_SINCE, coalesce(REMINDER.UNCONFIRMED_SINCE, REMINDER.CLAIMED_AT))
                .where(REMINDER.STATUS.eq("sending"), REMINDER.CLAIMED_AT.lt(at(claimedBefore)))
                .returning()
                .fetch(FollowUpRepository::reminderRow);
    }

    private static ReminderRow reminderRow(ReminderRecord r) {
        return new ReminderRow(r.getTeamId(), r.getOwnerId(), r.getLocalDay(), r.getStatus(), r.getAttempts(),
                r.getUnconfirmedSince() == null ? null : r.getUnconfirmedSince().toInstant());
    }

    /**
     * Done: the owner got back to them; it counts as a touch on the contact, and in the period of {@code today}, the
     * owner's own day (as a meeting counts on the day its teammate had).
     */
    public boolean markDone(String teamId, String ownerId, long id, LocalDate today, Instant now) {
        Optional<Long> contact = db.update(FOLLOW_UP)
                .set(FOLLOW_UP.STATUS, "done")
                .set(FOLLOW_UP.DONE_AT, at(now))
                .set(FOLLOW_UP.DONE_ON, today)
                .where(FOLLOW_UP.TEAM_ID.eq(teamId), FOLLOW_UP.ID.eq(id), FOLLOW_UP.OWNER_ID.eq(ownerId), FOLLOW_UP.STATUS.in(PENDING))
                .returning(FOLLOW_UP.CONTACT_ID)
                .fetchOptional(FOLLOW_UP.CONTACT_ID);
        contact.ifPresent(c -> db.update(CONTACT)
                .set(CONTACT.LAST_TOUCH_ON, greatest(coalesce(CONTACT.LAST_TOUCH_ON, today), val(today)))
                .where(CONTACT.TEAM_ID.eq(teamId), CONTACT.ID.eq(c))
                .execute());
        return contact.isPresent();
    }

    /** A snoozed follow-up comes back on its new date: reminded_on is older than the new due_on. */
    public boolean snooze(String teamId, String ownerId, long id, LocalDate until, Instant now) {
        return db.update(FOLLOW_UP)
                .set(FOLLOW_UP.STATUS, "snoozed")
                .set(FOLLOW_UP.DUE_ON, until)
                .set(FOLLOW_UP.SNOOZED_AT, at(now))
                .where(FOLLOW_UP.TEAM_ID.eq(teamId), FOLLOW_UP.ID.eq(id), FOLLOW_UP.OWNER_ID.eq(ownerId), FOLLOW_UP.STATUS.in(PENDING))
                .execute() == 1;
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
