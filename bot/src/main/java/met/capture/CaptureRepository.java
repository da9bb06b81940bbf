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
import static org.jooq.impl.DSL.greatest;
import static org.jooq.impl.DSL.least;
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
import met.db.jooq.tables.Contact;
import org.jooq.Condition;
import org.jooq.DSLContext;

/** The SQL of captures and debriefs. Every statement is scoped by team. */
public final class CaptureRepository {
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
        Optional<Long> known = eventId(teamId, key, heldOn);
        if (known.isPresent()) {
            return known.get();
        }
        Optional<Long> inserted = db.insertInto(EVENT)
                .set(EVENT.TEAM_ID, teamId)
                .set(EVENT.NAME, name)
                .set(EVENT.NAME_KEY, key)
                .set(EVENT.KIND, kind.code())
                .set(EVENT.HELD_ON, heldOn)
                .set(EVENT.CREATED_BY, createdBy)
                .onConflictDoNothing()
                .returning(EVENT.ID)
                .fetchOptional(EVENT.ID);
        return inserted.orElseGet(() -> db.select(EVENT.ID).from(EVENT) // a concurrent capture created it first
                .where(EVENT.TEAM_ID.eq(teamId), EVENT.NAME_KEY.eq(key), EVENT.HELD_ON.eq(heldOn))
                .fetchSingle(EVENT.ID));
    }

    private Optional<Long> eventId(String teamId, String key, LocalDate heldOn) {
        return db.select(EVENT.ID).from(EVENT)
                .where(EVENT.TEAM_ID.eq(teamId), EVENT.NAME_KEY.eq(key), EVENT.HELD_ON.eq(heldOn))
                .fetchOptional(EVENT.ID);
    }

    public long insertDebrief(String teamId, Long eventId, String authorId, String source, LocalDate metOn, String ideas, String rawText) {
        return db.insertInto(DEBRIEF)
                .set(DEBRIEF.TEAM_ID, teamId)
                .set(DEBRIEF.EVENT_ID, eventId)
                .set(DEBRIEF.AUTHOR_ID, authorId)
                .set(DEBRIEF.SOURCE, source)
                .set(DEBRIEF.MET_ON, metOn)
                .set(DEBRIEF.IDEAS, ideas)
                .set(DEBRIEF.RAW_TEXT, rawText)
                .returning(DEBRIEF.ID)
                .fetchSingle(DEBRIEF.ID);
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
        Contact c = CONTACT;
        Condition team = c.TEAM_ID.eq(teamId);
        Optional<ContactRow> found = Optional.empty();
        if (keys.email() != null) {
            found = contact(team.and(c.EMAIL_KEY.eq(keys.email())));
        }
        if (found.isEmpty() && keys.profile() != null) {
            found = contact(team.and(c.PROFILE_KEY.eq(keys.profile())));
        }
        if (found.isEmpty()) {
            found = contact(team.and(c.NAME_KEY.eq(keys.name())).and(c.COMPANY_KEY.eq(keys.company())));
        }
        return found;
    }

    private Optional<ContactRow> contact(Condition condition) {
        return db.select(CONTACT.ID, CONTACT.NAME, CONTACT.COMPANY, CONTACT.ROLE, CONTACT.EMAIL, CONTACT.PROFILE_URL)
                .from(CONTACT).where(condition).limit(1)
                .fetchOptional(r -> new ContactRow(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6()));
    }

    /** Empty when a concurrent capture created the same person first: then find it. */
    public Optional<Long> insertContact(String teamId, Debrief.ContactEntry entry, ContactKeys keys, String createdBy, LocalDate metOn) {
        return db.insertInto(CONTACT)
                .set(CONTACT.FIRST_MET_ON, metOn) // the meeting being saved is their first: no second write of the row
                .set(CONTACT.LAST_TOUCH_ON, metOn)
                .set(CONTACT.TEAM_ID, teamId)
                .set(CONTACT.NAME, entry.name())
                .set(CONTACT.COMPANY, entry.company())
                .set(CONTACT.ROLE, entry.role())
                .set(CONTACT.EMAIL, entry.email())
                .set(CONTACT.PROFILE_URL, entry.profileUrl())
                .set(CONTACT.NAME_KEY, keys.name())
                .set(CONTACT.COMPANY_KEY, keys.company())
                .set(CONTACT.EMAIL_KEY, keys.email())
                .set(CONTACT.PROFILE_KEY, keys.profile())
                .set(CONTACT.CREATED_BY, createdBy)
                .onConflictDoNothing()
                .returning(CONTACT.ID)
                .fetchOptional(CONTACT.ID);
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

    public long insertMeeting(String teamId, long contactId, String teammateId, long debriefId, Long eventId, LocalDate metOn, String notes) {
        long id = db.insertInto(MEETING)
                .set(MEETING.TEAM_ID, teamId)
                .set(MEETING.CONTACT_ID, contactId)
                .set(MEETING.TEAMMATE_ID, teammateId)
                .set(MEETING.DEBRIEF_ID, debriefId)
                .set(MEETING.EVENT_ID, eventId)
                .set(MEETING.MET_ON, metOn)
                .set(MEETING.NOTES, notes)
                .returning(MEETING.ID)
                .fetchSingle(MEETING.ID);
        return id;
    }

    /**
     * A meeting with a known contact may move when the team first met them or last touched them. Only a change is
     * written: both dates are indexed, so every rewrite of the row rewrites all its index entries too.
     */
    public void touchContact(String teamId, long contactId, LocalDate metOn) {
        db.update(CONTACT)
                .set(CONTACT.LAST_TOUCH_ON, greatest(coalesce(CONTACT.LAST_TOUCH_ON, metOn), val(metOn)))
                .set(CONTACT.FIRST_MET_ON, least(coalesce(CONTACT.FIRST_MET_ON, metOn), val(metOn)))
                .where(CONTACT.TEAM_ID.eq(teamId), CONTACT.ID.eq(contactId))
                .and(CONTACT.LAST_TOUCH_ON.isNull().or(CONTACT.LAST_TOUCH_ON.lt(metOn))
                        .or(CONTACT.FIRST_MET_ON.isNull()).or(CONTACT.FIRST_MET_ON.gt(metOn)))
                .execute();
    }

    public void insertFollowUp(String teamId, long contactId, long meetingId, String ownerId, LocalDate dueOn) {
        db.insertInto(FOLLOW_UP)
                .set(FOLLOW_UP.TEAM_ID, teamId)
                .set(FOLLOW_UP.CONTACT_ID, contactId)
                .set(FOLLOW_UP.MEETING_ID, meetingId)
                .set(FOLLOW_UP.OWNER_ID, ownerId)
                .set(FOLLOW_UP.DUE_ON, dueOn)
                .execute();
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

    /** Other teammates' meetings with this person, most recent first. */
    public List<Saved.PriorMeeting> othersWhoMet(String teamId, long contactId, String exceptTeammate, int limit) {
        return db.select(MEETING.TEAMMATE_ID, MEETING.MET_ON, EVENT.NAME)
                .from(MEETING)
                .leftJoin(EVENT).on(EVENT.TEAM_ID.eq(MEETING.TEAM_ID), EVENT.ID.eq(MEETING.EVENT_ID))
                .where(MEETING.TEAM_ID.eq(teamId), MEETING.CONTACT_ID.eq(contactId), MEETING.TEAMMATE_ID.ne(exceptTeammate))
                .orderBy(MEETING.MET_ON.desc(), MEETING.ID.desc())
                .limit(limit)
                .fetch(r -> new Saved.PriorMeeting(r.value1(), r.value2(), r.value3()));
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
