package met.capture;

import static met.db.jooq.Tables.ACTION_ITEM;
import static met.db.jooq.Tables.CONTACT;
import static met.db.jooq.Tables.DEBRIEF;
import static met.db.jooq.Tables.DEBRIEF_ATTENDEE;
import static met.db.jooq.Tables.EVENT;
import static met.db.jooq.Tables.FOLLOW_UP;
import static met.db.jooq.Tables.MEETING;
import static met.db.jooq.Tables.REFERRAL;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.val;
import static org.jooq.impl.DSL.notExists;
import static org.jooq.impl.DSL.selectOne;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import met.db.Sql;
import org.jooq.DSLContext;

/** The SQL of captures and debriefs. Every statement is scoped by team. */
public final class CaptureRepository {
    // Every /met and every debrief runs the statements below, once per person met. Building and rendering them with
    // jOOQ's DSL on each request cost a third of a capture's CPU in the load benchmark (bench/load); written out as SQL
    // they are prepared once per connection. Each is kept simple on purpose: PostgreSQL plans a statement again on
    // every run when a custom plan looks cheaper than its generic one, and planning one statement holding all of a
    // meeting's writes (tried) cost more than the round trips it saved. Everything else here stays with the DSL.

    private static final Sql EVENT_FOUND = Sql.of("""
            select id from event where team_id = ?::text and name_key = ?::text and held_on = ?::date""");

    private static final Sql EVENT_INSERTED = Sql.of("""
            insert into event (team_id, name, name_key, kind, held_on, created_by)
            values (?::text, ?::text, ?::text, ?::text, ?::date, ?::text)
            on conflict do nothing
            returning id""");

    private static final Sql DEBRIEF_INSERTED = Sql.of("""
            insert into debrief (team_id, event_id, author_id, source, met_on, ideas, raw_text)
            values (?::text, ?::bigint, ?::text, ?::text, ?::date, ?::text, ?::text)
            returning id""");

    /** By email first, then profile URL, then name and company: each key is a unique index. */
    private static final Sql CONTACT_FOUND = Sql.of("""
            select id, name, company, role, email, profile_url from contact
            where team_id = ?::text
              and (email_key = ?::text or profile_key = ?::text or (name_key = ?::text and company_key = ?::text))
            order by case when email_key = ?::text then 0 when profile_key = ?::text then 1 else 2 end
            limit 1""");

    /** The meeting being saved is a new person's first: their dates are set now, not by a second write of the row. */
    private static final Sql CONTACT_INSERTED = Sql.of("""
            insert into contact (team_id, name, company, role, email, profile_url, name_key, company_key, email_key,
                                 profile_key, created_by, first_met_on, last_touch_on)
            values (?::text, ?::text, ?::text, ?::text, ?::text, ?::text, ?::text, ?::text, ?::text, ?::text, ?::text, ?::date, ?::date)
            on conflict do nothing
            returning id""");

    private static final Sql MEETING_INSERTED = Sql.of("""
            with m as (
                insert into meeting (team_id, contact_id, teammate_id, debrief_id, event_id, met_on, notes)
                values (?::text, ?::bigint, ?::text, ?::bigint, ?::bigint, ?::date, ?::text)
                returning id, team_id, contact_id, teammate_id),
            f as (
                insert into follow_up (team_id, contact_id, meeting_id, owner_id, due_on)
                select team_id, contact_id, id, teammate_id, ?::date from m where ?::date is not null)
            select id from m""");

    /**
     * A known contact's dates move only when they change (both are indexed: each rewrite of the row rewrites its index
     * entries); then who else met them, most recent first: never the teammate saving, so never this meeting.
     */
    private static final Sql KNOWN_CONTACT_TOUCHED = Sql.of("""
            with t as (
                update contact
                set last_touch_on = greatest(coalesce(last_touch_on, ?::date), ?::date),
                    first_met_on = least(coalesce(first_met_on, ?::date), ?::date)
                where team_id = ?::text and id = ?::bigint
                  and (last_touch_on is null or last_touch_on < ?::date or first_met_on is null or first_met_on > ?::date))
            select x.teammate_id, x.met_on, e.name as event_name
            from meeting x
            left join event e on e.team_id = x.team_id and e.id = x.event_id
            where x.team_id = ?::text and x.contact_id = ?::bigint and x.teammate_id <> ?::text
            order by x.met_on desc, x.id desc
            limit ?::int""");

    private final DSLContext db;

    public CaptureRepository(DSLContext db) {
        this.db = db;
    }

    /** A row of the debrief table, for ownership checks and edits. */
    public record DebriefRow(long id, String authorId, Long eventId, LocalDate metOn, String source, String ideas, String rawText) {
    }

    /** One contact row. */
    public record ContactRow(long id, String name, String company, String role, String email, String profileUrl) {
    }

    /** One event, found or created: the same name (normalised) on the same day is the same event. */
    public long findOrCreateEvent(String teamId, String name, EventKind kind, LocalDate heldOn, String createdBy) {
        String key = ContactKeys.text(name);
        // Teammates log the same events again and again: look first, and insert only an event not seen yet.
        List<Long> id = EVENT_FOUND.query(db, row -> row.getLong(1), teamId, key, heldOn);
        if (id.isEmpty()) {
            id = EVENT_INSERTED.query(db, row -> row.getLong(1), teamId, name, key, kind.code(), heldOn, createdBy);
        }
        if (id.isEmpty()) { // a concurrent capture created it after this one looked
            id = EVENT_FOUND.query(db, row -> row.getLong(1), teamId, key, heldOn);
        }
        return id.get(0);
    }

    public long insertDebrief(String teamId, Long eventId, String authorId, String source, LocalDate metOn, String ideas, String rawText) {
        return DEBRIEF_INSERTED.query(db, row -> row.getLong(1), teamId, eventId, authorId, source, metOn, ideas, rawText).get(0);
    }

    public void updateDebrief(String teamId, long debriefId, Long eventId, LocalDate metOn, String ideas) {
        db.update(DEBRIEF)
                .set(DEBRIEF.EVENT_ID, eventId)
                .set(DEBRIEF.MET_ON, metOn)
                .set(DEBRIEF.IDEAS, ideas)
                .set(DEBRIEF.SOURCE, "form")
                .set(DEBRIEF.UPDATED_AT, OffsetDateTime.now())
                .where(DEBRIEF.TEAM_ID.eq(teamId), DEBRIEF.ID.eq(debriefId))
                .execute();
    }

    /** Locks the row, so that an edit and an undo of the same debrief cannot interleave. */
    public Optional<DebriefRow> lockDebrief(String teamId, long debriefId) {
        return db.selectFrom(DEBRIEF)
                .where(DEBRIEF.TEAM_ID.eq(teamId), DEBRIEF.ID.eq(debriefId))
                .forUpdate()
                .fetchOptional(r -> new DebriefRow(r.getId(), r.getAuthorId(), r.getEventId(), r.getMetOn(), r.getSource(), r.getIdeas(), r.getRawText()));
    }

    public Optional<DebriefRow> debrief(String teamId, long debriefId) {
        return db.selectFrom(DEBRIEF)
                .where(DEBRIEF.TEAM_ID.eq(teamId), DEBRIEF.ID.eq(debriefId))
                .fetchOptional(r -> new DebriefRow(r.getId(), r.getAuthorId(), r.getEventId(), r.getMetOn(), r.getSource(), r.getIdeas(), r.getRawText()));
    }

    /** Removes what hangs off a debrief (before it is rewritten by an edit); returns the contacts it had met. */
    public List<Long> clearDebrief(String teamId, long debriefId) {
        List<Long> contacts = db.selectDistinct(MEETING.CONTACT_ID).from(MEETING)
                .where(MEETING.TEAM_ID.eq(teamId), MEETING.DEBRIEF_ID.eq(debriefId))
                .fetch(MEETING.CONTACT_ID);
        db.deleteFrom(MEETING).where(MEETING.TEAM_ID.eq(teamId), MEETING.DEBRIEF_ID.eq(debriefId)).execute();
        if (!contacts.isEmpty()) { // the meetings removed may have been when the team first met them
            db.update(CONTACT)
                    .set(CONTACT.FIRST_MET_ON, select(min(MEETING.MET_ON)).from(MEETING)
                            .where(MEETING.TEAM_ID.eq(teamId), MEETING.CONTACT_ID.eq(CONTACT.ID)))
                    .where(CONTACT.TEAM_ID.eq(teamId), CONTACT.ID.in(contacts))
                    .execute();
        }
        db.deleteFrom(DEBRIEF_ATTENDEE).where(DEBRIEF_ATTENDEE.TEAM_ID.eq(teamId), DEBRIEF_ATTENDEE.DEBRIEF_ID.eq(debriefId)).execute();
        db.deleteFrom(ACTION_ITEM).where(ACTION_ITEM.TEAM_ID.eq(teamId), ACTION_ITEM.DEBRIEF_ID.eq(debriefId)).execute();
        db.deleteFrom(REFERRAL).where(REFERRAL.TEAM_ID.eq(teamId), REFERRAL.DEBRIEF_ID.eq(debriefId)).execute();
        return contacts;
    }

    public void deleteDebrief(String teamId, long debriefId) {
        db.deleteFrom(DEBRIEF).where(DEBRIEF.TEAM_ID.eq(teamId), DEBRIEF.ID.eq(debriefId)).execute();
    }

    /** Contacts nobody has met any more (their only meeting was undone) are not part of the team's memory. */
    public int deleteContactsWithoutMeetings(String teamId, Collection<Long> contactIds) {
        if (contactIds.isEmpty()) {
            return 0;
        }
        return db.deleteFrom(CONTACT)
                .where(CONTACT.TEAM_ID.eq(teamId), CONTACT.ID.in(contactIds))
                .and(notExists(selectOne().from(MEETING).where(MEETING.TEAM_ID.eq(teamId), MEETING.CONTACT_ID.eq(CONTACT.ID))))
                .execute();
    }

    public void deleteEventIfUnused(String teamId, Long eventId) {
        if (eventId == null) {
            return;
        }
        db.deleteFrom(EVENT)
                .where(EVENT.TEAM_ID.eq(teamId), EVENT.ID.eq(eventId))
                .and(notExists(selectOne().from(DEBRIEF).where(DEBRIEF.TEAM_ID.eq(teamId), DEBRIEF.EVENT_ID.eq(eventId))))
                .and(notExists(selectOne().from(MEETING).where(MEETING.TEAM_ID.eq(teamId), MEETING.EVENT_ID.eq(eventId))))
                .execute();
    }

    public void insertAttendees(String teamId, long debriefId, Collection<String> userIds) {
        for (String userId : userIds) {
            db.insertInto(DEBRIEF_ATTENDEE, DEBRIEF_ATTENDEE.TEAM_ID, DEBRIEF_ATTENDEE.DEBRIEF_ID, DEBRIEF_ATTENDEE.USER_ID)
                    .values(teamId, debriefId, userId)
                    .onConflictDoNothing()
                    .execute();
        }
    }

    /** The contact these keys name: by email first, then profile URL, then name and company. */
    public Optional<ContactRow> findContact(String teamId, ContactKeys keys) {
        return CONTACT_FOUND.query(db, row -> new ContactRow(row.getLong("id"), row.getString("name"), row.getString("company"),
                        row.getString("role"), row.getString("email"), row.getString("profile_url")),
                teamId, keys.email(), keys.profile(), keys.name(), keys.company(), keys.email(), keys.profile()).stream().findFirst();
    }

    /**
     * Adds a person the team has not met; empty when one of their keys (email, profile URL, name and company) is
     * already taken, by an earlier capture or a concurrent one: then {@link #findContact} finds them.
     */
    public Optional<Long> insertContact(String teamId, Debrief.ContactEntry entry, ContactKeys keys, String createdBy, LocalDate metOn) {
        return CONTACT_INSERTED.query(db, row -> row.getLong(1), teamId, entry.name(), entry.company(), entry.role(), entry.email(),
                entry.profileUrl(), keys.name(), keys.company(), keys.email(), keys.profile(), createdBy, metOn, metOn).stream().findFirst();
    }

    /**
     * What a later capture knows that the contact lacks (a role, an email) is added; nothing is overwritten. Only the
     * gaps that {@code row}, as just read, still has are written: most captures of a known person change nothing.
     */
    public void fillContactGaps(String teamId, ContactRow row, Debrief.ContactEntry entry, ContactKeys keys) {
        long contactId = row.id();
        if (row.role() == null && entry.role() != null) {
            db.update(CONTACT)
                    .set(CONTACT.ROLE, coalesce(CONTACT.ROLE, val(entry.role())))
                    .where(CONTACT.TEAM_ID.eq(teamId), CONTACT.ID.eq(contactId))
                    .execute();
        }
        if (keys.email() != null && ContactKeys.email(row.email()) == null) {
            db.update(CONTACT)
                    .set(CONTACT.EMAIL, entry.email())
                    .set(CONTACT.EMAIL_KEY, keys.email())
                    .where(CONTACT.TEAM_ID.eq(teamId), CONTACT.ID.eq(contactId), CONTACT.EMAIL_KEY.isNull())
                    .and(notExists(selectOne().from(CONTACT.as("other"))
                            .where(CONTACT.as("other").TEAM_ID.eq(teamId), CONTACT.as("other").EMAIL_KEY.eq(keys.email()))))
                    .execute();
        }
        if (keys.profile() != null && ContactKeys.profile(row.profileUrl()) == null) {
            db.update(CONTACT)
                    .set(CONTACT.PROFILE_URL, entry.profileUrl())
                    .set(CONTACT.PROFILE_KEY, keys.profile())
                    .where(CONTACT.TEAM_ID.eq(teamId), CONTACT.ID.eq(contactId), CONTACT.PROFILE_KEY.isNull())
                    .and(notExists(selectOne().from(CONTACT.as("other"))
                            .where(CONTACT.as("other").TEAM_ID.eq(teamId), CONTACT.as("other").PROFILE_KEY.eq(keys.profile()))))
                    .execute();
        }
    }

    /** A meeting saved, and who else in the team had met the person before (most recent first). */
    public record Met(long meetingId, List<Saved.PriorMeeting> metBefore) {
    }

    /**
     * Saves a meeting with its follow-up, if any. For a contact the team {@code known} before, also moves their
     * first-met and last-touch dates and reads who else met them; a new contact's dates were set with their row.
     */
    public Met meet(String teamId, long contactId, boolean known, String teammateId, long debriefId, Long eventId, LocalDate metOn,
                    String notes, LocalDate followUpOn, int priorShown) {
        long meetingId = MEETING_INSERTED.query(db, row -> row.getLong(1),
                teamId, contactId, teammateId, debriefId, eventId, metOn, notes, followUpOn, followUpOn).get(0);
        if (!known) {
            return new Met(meetingId, List.of());
        }
        List<Saved.PriorMeeting> prior = KNOWN_CONTACT_TOUCHED.query(db,
                row -> new Saved.PriorMeeting(row.getString("teammate_id"), Sql.getDate(row, "met_on"), row.getString("event_name")),
                metOn, metOn, metOn, metOn, teamId, contactId, metOn, metOn, teamId, contactId, teammateId, priorShown);
        return new Met(meetingId, prior);
    }

    public void insertActionItem(String teamId, long debriefId, String text, String ownerId) {
        db.insertInto(ACTION_ITEM)
                .set(ACTION_ITEM.TEAM_ID, teamId)
                .set(ACTION_ITEM.DEBRIEF_ID, debriefId)
                .set(ACTION_ITEM.TEXT, text)
                .set(ACTION_ITEM.OWNER_ID, ownerId)
                .execute();
    }

    public void insertReferral(String teamId, long debriefId, String teammateId, Debrief.ReferralEntry referral, LocalDate on) {
        db.insertInto(REFERRAL)
                .set(REFERRAL.TEAM_ID, teamId)
                .set(REFERRAL.DEBRIEF_ID, debriefId)
                .set(REFERRAL.TEAMMATE_ID, teammateId)
                .set(REFERRAL.DIRECTION, referral.direction().code())
                .set(REFERRAL.NOTE, referral.note())
                .set(REFERRAL.REFERRED_ON, on)
                .execute();
    }

    // --- reading a debrief back into the form ---

    public Optional<EventRow> event(String teamId, long eventId) {
        return db.selectFrom(EVENT).where(EVENT.TEAM_ID.eq(teamId), EVENT.ID.eq(eventId))
                .fetchOptional(r -> new EventRow(r.getName(), EventKind.fromCode(r.getKind()).orElse(EventKind.OTHER), r.getHeldOn()));
    }

    public record EventRow(String name, EventKind kind, LocalDate heldOn) {
    }

    public List<String> attendees(String teamId, long debriefId) {
        return db.select(DEBRIEF_ATTENDEE.USER_ID).from(DEBRIEF_ATTENDEE)
                .where(DEBRIEF_ATTENDEE.TEAM_ID.eq(teamId), DEBRIEF_ATTENDEE.DEBRIEF_ID.eq(debriefId))
                .orderBy(DEBRIEF_ATTENDEE.USER_ID)
                .fetch(DEBRIEF_ATTENDEE.USER_ID);
    }

    /** The people a debrief met, in the order they were entered, with their notes and follow-up dates. */
    public List<Debrief.ContactEntry> contactsOf(String teamId, long debriefId) {
        return db.select(CONTACT.NAME, CONTACT.COMPANY, CONTACT.ROLE, CONTACT.EMAIL, CONTACT.PROFILE_URL, MEETING.NOTES, FOLLOW_UP.DUE_ON)
                .from(MEETING)
                .join(CONTACT).on(CONTACT.TEAM_ID.eq(MEETING.TEAM_ID), CONTACT.ID.eq(MEETING.CONTACT_ID))
                .leftJoin(FOLLOW_UP).on(FOLLOW_UP.TEAM_ID.eq(MEETING.TEAM_ID), FOLLOW_UP.MEETING_ID.eq(MEETING.ID))
                .where(MEETING.TEAM_ID.eq(teamId), MEETING.DEBRIEF_ID.eq(debriefId))
                .orderBy(MEETING.ID)
                .fetch(r -> new Debrief.ContactEntry(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(), r.value7()));
    }

    public List<Debrief.ActionItemEntry> actionItems(String teamId, long debriefId) {
        return db.select(ACTION_ITEM.TEXT, ACTION_ITEM.OWNER_ID).from(ACTION_ITEM)
                .where(ACTION_ITEM.TEAM_ID.eq(teamId), ACTION_ITEM.DEBRIEF_ID.eq(debriefId))
                .orderBy(ACTION_ITEM.ID)
                .fetch(r -> new Debrief.ActionItemEntry(r.value1(), r.value2()));
    }

    public List<Debrief.ReferralEntry> referrals(String teamId, long debriefId) {
        return db.select(REFERRAL.DIRECTION, REFERRAL.NOTE).from(REFERRAL)
                .where(REFERRAL.TEAM_ID.eq(teamId), REFERRAL.DEBRIEF_ID.eq(debriefId))
                .orderBy(REFERRAL.ID)
                .fetch(r -> new Debrief.ReferralEntry(Debrief.ReferralDirection.valueOf(r.value1().toUpperCase(java.util.Locale.ROOT)), r.value2()));
    }

    /** A teammate's latest meetings, newest first. */
    public List<Recent> recentMeetings(String teamId, String teammateId, int limit) {
        return db.select(CONTACT.NAME, CONTACT.COMPANY, MEETING.MET_ON, EVENT.NAME)
                .from(MEETING)
                .join(CONTACT).on(CONTACT.TEAM_ID.eq(MEETING.TEAM_ID), CONTACT.ID.eq(MEETING.CONTACT_ID))
                .leftJoin(EVENT).on(EVENT.TEAM_ID.eq(MEETING.TEAM_ID), EVENT.ID.eq(MEETING.EVENT_ID))
                .where(MEETING.TEAM_ID.eq(teamId), MEETING.TEAMMATE_ID.eq(teammateId))
                .orderBy(MEETING.MET_ON.desc(), MEETING.ID.desc())
                .limit(limit)
                .fetch(r -> new Recent(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    public record Recent(String name, String company, LocalDate metOn, String eventName) {
    }

    // --- counts, for tests and confirmations ---

    public int meetingsOf(String teamId, long contactId) {
        return db.fetchCount(MEETING, MEETING.TEAM_ID.eq(teamId), MEETING.CONTACT_ID.eq(contactId));
    }
}
