package met.capture;

import static met.db.jooq.Tables.ACTION_ITEM;
import static met.db.jooq.Tables.CONTACT;
import static met.db.jooq.Tables.DEBRIEF;
import static met.db.jooq.Tables.DEBRIEF_ATTENDEE;
import static met.db.jooq.Tables.EVENT;
import static met.db.jooq.Tables.FOLLOW_UP;
import static met.db.jooq.Tables.MEETING;
import static met.db.jooq.Tables.REFERRAL;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.notExists;
import static org.jooq.impl.DSL.selectOne;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import met.db.Sql;
import org.jooq.DSLContext;

/** The SQL of captures and debriefs. Every statement is scoped by team. */
public final class CaptureRepository {
    // Every /met and every debrief writes through the statements below. Their writes are PostgreSQL functions
    // (migrations/V11__capture_in_one_round_trip.sql): one round trip for a quick capture where there were up to seven,
    // and for the whole of a form after its debrief row; the round trips were most of PostgreSQL's CPU per capture in
    // the load benchmark (bench/load). They are prepared SQL rather
    // than jOOQ's DSL, whose building and rendering on each request cost a third of a capture's CPU. Everything else
    // here stays with the DSL.

    private static final Sql EVENT_FOUND_OR_ADDED = Sql.of("""
            select met_event(?::text, ?::text, ?::text, ?::text, ?::date, ?::text)""");

    private static final Sql DEBRIEF_INSERTED = Sql.of("""
            insert into debrief (team_id, event_id, author_id, source, met_on, ideas, raw_text, view_id)
            values (?::text, ?::bigint, ?::text, ?::text, ?::date, ?::text, ?::text, ?::text)
            on conflict (team_id, view_id) where view_id is not null do nothing
            returning id""");

    /** The rest of a form's debrief; a person's fields are parallel arrays, as are action items' and referrals'. */
    private static final Sql DEBRIEF_WRITTEN = Sql.of("""
            select * from met_debrief_write(?::text, ?::text, ?::bigint, ?::bigint, ?::date,
                                            ?::text[],
                                            ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                            ?::text[], ?::text[], ?::text[], ?::text[],
                                            ?::text[], ?::date[],
                                            ?::text[], ?::text[],
                                            ?::text[], ?::text[],
                                            ?::int)""");

    private static final Sql MEET = Sql.of("""
            select * from met_meet(?::text, ?::text, ?::bigint, ?::bigint, ?::date, ?::bigint,
                                   ?::text, ?::text, ?::text, ?::text, ?::text,
                                   ?::text, ?::text, ?::text, ?::text,
                                   ?::text, ?::date, ?::int)""");

    /** A whole quick capture: one statement, so one transaction of its own. */
    private static final Sql CAPTURE = Sql.of("""
            select * from met_capture(?::text, ?::text, ?::text, ?::text,
                                      ?::text, ?::text, ?::text, ?::date,
                                      ?::text, ?::text, ?::text, ?::text, ?::text,
                                      ?::text, ?::text, ?::text, ?::text,
                                      ?::text, ?::date, ?::int)""");

    /** Quick captures saved together: met_capture's arguments as parallel arrays, rows numbered by capture. */
    private static final Sql CAPTURES = Sql.of("""
            select * from met_captures(?::text[], ?::text[], ?::text[], ?::text[],
                                       ?::text[], ?::text[], ?::text[], ?::date[],
                                       ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                       ?::text[], ?::text[], ?::text[], ?::text[],
                                       ?::text[], ?::date[], ?::int[])""");

    private final DSLContext db;

    public CaptureRepository(DSLContext db) {
        this.db = db;
    }

    /** A row of the debrief table, for ownership checks and edits. */
    public record DebriefRow(long id, String authorId, Long eventId, LocalDate metOn, String source, String ideas, String rawText) {
    }

    /** One event, found or created: the same name (normalised) on the same day is the same event. */
    public long findOrCreateEvent(String teamId, String name, EventKind kind, LocalDate heldOn, String createdBy) {
        return EVENT_FOUND_OR_ADDED.query(db, row -> row.getLong(1), teamId, name, ContactKeys.text(name), kind.code(), heldOn, createdBy).get(0);
    }

    public long insertDebrief(String teamId, Long eventId, String authorId, String source, LocalDate metOn, String ideas, String rawText) {
        return DEBRIEF_INSERTED.query(db, row -> row.getLong(1), teamId, eventId, authorId, source, metOn, ideas, rawText, null).get(0);
    }

    /**
     * A form's debrief, with the Slack view it was saved from; empty when that view saved one before (a second Save of
     * the same form). A Save of the same view by a concurrent transaction is waited for, then found.
     */
    public Optional<Long> insertFormDebrief(String teamId, Long eventId, String authorId, LocalDate metOn, String ideas, String viewId) {
        return DEBRIEF_INSERTED.query(db, row -> row.getLong(1), teamId, eventId, authorId, "form", metOn, ideas, null, viewId).stream().findFirst();
    }

    /** The debrief saved from this form's view, if one was. */
    public Optional<Long> debriefOfView(String teamId, String viewId) {
        return db.select(DEBRIEF.ID).from(DEBRIEF).where(DEBRIEF.TEAM_ID.eq(teamId), DEBRIEF.VIEW_ID.eq(viewId)).fetchOptional(DEBRIEF.ID);
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

    /** A person met: their contact row's id, whether this capture added it, the name the team knows them by. */
    public record Met(long contactId, boolean isNew, String knownAs, long meetingId, List<Saved.PriorMeeting> metBefore) {
    }

    /**
     * Writes the rest of a form's debrief into {@code debriefId}: the other attendees, each person met (added, or found
     * by their keys with what they lacked filled in; their meeting, follow-up and who else met them before, never
     * {@code authorId}), the action items and the referrals. The people come back in the order given. A person whose
     * key a concurrent capture held and then rolled back fails the call with SQL state 40001: trying again settles it.
     */
    public List<Met> writeDebrief(String teamId, String authorId, long debriefId, Long eventId, Debrief debrief,
                                  Collection<String> attendees, int priorShown) {
        List<List<Object>> people = new ArrayList<>();
        for (int column = 0; column < PERSON_FIELDS; column++) {
            people.add(new ArrayList<>());
        }
        for (Debrief.ContactEntry entry : debrief.contacts()) {
            List<Object> fields = person(entry);
            for (int column = 0; column < PERSON_FIELDS; column++) {
                people.get(column).add(fields.get(column));
            }
        }
        List<Object> params = new ArrayList<>(Arrays.asList(teamId, authorId, debriefId, eventId, debrief.eventDate(), List.copyOf(attendees)));
        params.addAll(people);
        params.add(debrief.actionItems().stream().map(Debrief.ActionItemEntry::text).toList());
        params.add(debrief.actionItems().stream().map(item -> item.ownerId() == null ? authorId : item.ownerId()).toList());
        params.add(debrief.referrals().stream().map(r -> r.direction().code()).toList());
        params.add(debrief.referrals().stream().map(Debrief.ReferralEntry::note).toList());
        params.add(priorShown);
        Map<Integer, List<MetRow>> byPerson = new TreeMap<>();
        for (Map.Entry<Integer, MetRow> row : DEBRIEF_WRITTEN.query(db, r -> Map.entry(r.getInt("out_person"), metRow(r)), params.toArray())) {
            byPerson.computeIfAbsent(row.getKey(), k -> new ArrayList<>()).add(row.getValue());
        }
        return byPerson.values().stream().map(CaptureRepository::met).toList();
    }

    /** A meeting with a contact known by id (a note logged on a follow-up). */
    public Met meetKnown(String teamId, long contactId, String teammateId, long debriefId, LocalDate metOn, String notes) {
        return met(MEET.query(db, CaptureRepository::metRow, teamId, teammateId, debriefId, null, metOn, contactId,
                null, null, null, null, null, null, null, null, null, notes, null, 0));
    }

    /** A quick capture's debrief and person met, if one was named; saved whole or not at all, in one round trip. */
    public record Captured(long debriefId, Optional<Met> met) {
    }

    /** What a quick capture saves: met_capture's arguments. {@code entry} is null when nobody was named. */
    public record QuickCapture(String teamId, String authorId, String source, String rawText, String eventName, EventKind eventKind,
                               LocalDate metOn, Debrief.ContactEntry entry, int priorShown) {
    }

    public Captured capture(QuickCapture capture) {
        return captured(CAPTURE.query(db, CaptureRepository::capturedRow, arguments(capture).toArray()));
    }

    /** Several quick captures in one round trip, in the order given (inside the caller's transaction: see CaptureWriter). */
    public List<Captured> captureAll(List<QuickCapture> captures) {
        List<List<Object>> columns = new ArrayList<>();
        for (QuickCapture capture : captures) {
            List<Object> arguments = arguments(capture);
            for (int i = 0; i < arguments.size(); i++) {
                if (columns.size() <= i) {
                    columns.add(new ArrayList<>(captures.size()));
                }
                columns.get(i).add(arguments.get(i));
            }
        }
        Map<Integer, List<CapturedRow>> rows = new TreeMap<>();
        CAPTURES.query(db, row -> {
            rows.computeIfAbsent(row.getInt("out_n"), n -> new ArrayList<>()).add(capturedRow(row));
            return null;
        }, columns.toArray());
        if (rows.size() != captures.size()) {
            throw new IllegalStateException(captures.size() + " captures sent, " + rows.size() + " saved");
        }
        return rows.values().stream().map(CaptureRepository::captured).toList();
    }

    private static List<Object> arguments(QuickCapture c) {
        List<Object> arguments = new ArrayList<>(List.of(c.teamId(), c.authorId(), c.source()));
        arguments.add(c.rawText());
        arguments.add(c.eventName());
        arguments.add(c.eventName() == null ? null : ContactKeys.text(c.eventName()));
        arguments.add(c.eventKind().code());
        arguments.add(c.metOn());
        arguments.addAll(person(c.entry()));
        arguments.add(c.priorShown());
        return arguments;
    }

    private static CapturedRow capturedRow(ResultSet row) throws SQLException {
        return new CapturedRow(row.getLong("out_debrief_id"), row.getObject("out_contact_id") == null ? null : metRow(row));
    }

    private static Captured captured(List<CapturedRow> rows) {
        List<MetRow> met = rows.stream().map(CapturedRow::met).filter(Objects::nonNull).toList();
        return new Captured(rows.get(0).debriefId(), met.isEmpty() ? Optional.empty() : Optional.of(met(met)));
    }

    private static final int PERSON_FIELDS = 11;

    /** What met_meet and met_capture take of a person: as typed, their keys, the notes and the follow-up day. */
    private static List<Object> person(Debrief.ContactEntry entry) {
        if (entry == null) {
            return Arrays.asList(new Object[PERSON_FIELDS]);
        }
        ContactKeys keys = ContactKeys.of(entry);
        return Arrays.asList(entry.name(), entry.company(), entry.role(), entry.email(), entry.profileUrl(),
                keys.name(), keys.company(), keys.email(), keys.profile(), entry.notes(), entry.followUp());
    }

    /** One row of met_capture: the debrief (on every row) and, when a person was named, a row of met_meet. */
    private record CapturedRow(long debriefId, MetRow met) {
    }

    /** One row of met_meet: the person (repeated on every row) and, when set, one earlier meeting. */
    private record MetRow(long contactId, boolean isNew, String knownAs, long meetingId, Saved.PriorMeeting prior) {
    }

    private static MetRow metRow(ResultSet row) throws SQLException {
        String priorTeammate = row.getString("prior_teammate_id");
        return new MetRow(row.getLong("out_contact_id"), row.getBoolean("out_is_new"), row.getString("out_known_as"),
                row.getLong("out_meeting_id"), priorTeammate == null ? null
                : new Saved.PriorMeeting(priorTeammate, Sql.getDate(row, "prior_met_on"), row.getString("prior_event_name")));
    }

    private static Met met(List<MetRow> rows) {
        MetRow first = rows.get(0);
        List<Saved.PriorMeeting> prior = rows.stream().map(MetRow::prior).filter(Objects::nonNull).toList();
        return new Met(first.contactId(), first.isNew(), first.knownAs(), first.meetingId(), prior);
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

    /**
     * Whether PostgreSQL has never gathered statistics on contacts in this database (see {@link FirstStatistics}):
     * not by ANALYZE, nor by autovacuum. Not scoped by team: statistics are the table's.
     */
    boolean neverAnalyzed() {
        return Boolean.TRUE.equals(db.fetchValue("""
                select coalesce(last_analyze, last_autoanalyze) is null
                from pg_stat_user_tables where relid = 'contact'::regclass"""));
    }

    /** Gathers statistics on every table a debrief writes. Takes no lock that a capture would wait for. */
    void analyzeCaptureTables() {
        db.execute("analyze event, debrief, debrief_attendee, contact, meeting, follow_up, action_item, referral");
    }
}
