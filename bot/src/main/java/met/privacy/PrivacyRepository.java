package met.privacy;

import static met.db.jooq.Tables.CONTACT;
import static met.db.jooq.Tables.DEBRIEF;
import static met.db.jooq.Tables.ERASURE;
import static met.db.jooq.Tables.EVENT;
import static met.db.jooq.Tables.FOLLOW_UP;
import static met.db.jooq.Tables.MEETING;
import static met.db.jooq.Tables.MEMBER;
import static met.db.jooq.Tables.REFERRAL;
import static org.jooq.Records.mapping;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.when;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import met.db.jooq.tables.Member;
import org.jooq.Condition;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.RecordMapper;
import org.jooq.ResultQuery;
import org.jooq.impl.DSL;

/** The SQL of export and erasure. Every statement is scoped by team, and every join stays inside it. */
public final class PrivacyRepository {
    private final DSLContext db;

    public PrivacyRepository(DSLContext db) {
        this.db = db;
    }

    // --- export ---

    /**
     * Rows fetched from PostgreSQL at a time while an export streams. PgJDBC reads a result whole unless a fetch size
     * is set inside a transaction; with it, a team of any size costs the export this many rows of memory.
     */
    private static final int EXPORT_FETCH_SIZE = 1_000;

    public record ContactLine(long id, String name, String company, String role, String email, String profileUrl,
                              LocalDate lastTouchOn, String createdBy, OffsetDateTime createdAt) {
    }

    public record MeetingLine(long id, long contactId, String contactName, String contactCompany, String teammateId,
                              String teammateName, String eventName, String eventKind, LocalDate eventDate, LocalDate metOn,
                              String notes) {
    }

    public record FollowUpLine(long id, long contactId, String contactName, String ownerId, String ownerName, LocalDate dueOn,
                               String status, LocalDate doneOn, OffsetDateTime doneAt, OffsetDateTime createdAt) {
    }

    public record ReferralLine(long id, String teammateId, String teammateName, Long contactId, String contactName,
                               String direction, String note, LocalDate referredOn) {
    }

    /** In the export's order, one at a time; call inside a transaction, or PgJDBC reads them all at once. */
    public void contacts(String teamId, Consumer<ContactLine> each) {
        each(db.select(CONTACT.ID, CONTACT.NAME, CONTACT.COMPANY, CONTACT.ROLE, CONTACT.EMAIL, CONTACT.PROFILE_URL,
                        CONTACT.LAST_TOUCH_ON, CONTACT.CREATED_BY, CONTACT.CREATED_AT)
                .from(CONTACT)
                .where(CONTACT.TEAM_ID.eq(teamId))
                .orderBy(CONTACT.ID),
                mapping(ContactLine::new), each);
    }

    /** In the export's order, one at a time; call inside a transaction, or PgJDBC reads them all at once. */
    public void meetings(String teamId, Consumer<MeetingLine> each) {
        Member teammate = MEMBER.as("teammate");
        each(db.select(MEETING.ID, MEETING.CONTACT_ID, CONTACT.NAME, CONTACT.COMPANY, MEETING.TEAMMATE_ID, teammate.DISPLAY_NAME,
                        EVENT.NAME, EVENT.KIND, EVENT.HELD_ON, MEETING.MET_ON, MEETING.NOTES)
                .from(MEETING)
                .join(CONTACT).on(CONTACT.TEAM_ID.eq(MEETING.TEAM_ID), CONTACT.ID.eq(MEETING.CONTACT_ID))
                .leftJoin(EVENT).on(EVENT.TEAM_ID.eq(MEETING.TEAM_ID), EVENT.ID.eq(MEETING.EVENT_ID))
                .leftJoin(teammate).on(teammate.TEAM_ID.eq(MEETING.TEAM_ID), teammate.USER_ID.eq(MEETING.TEAMMATE_ID))
                .where(MEETING.TEAM_ID.eq(teamId))
                .orderBy(MEETING.MET_ON, MEETING.ID),
                mapping(MeetingLine::new), each);
    }

    /** In the export's order, one at a time; call inside a transaction, or PgJDBC reads them all at once. */
    public void followUps(String teamId, Consumer<FollowUpLine> each) {
        Member owner = MEMBER.as("owner");
        each(db.select(FOLLOW_UP.ID, FOLLOW_UP.CONTACT_ID, CONTACT.NAME, FOLLOW_UP.OWNER_ID, owner.DISPLAY_NAME, FOLLOW_UP.DUE_ON,
                        FOLLOW_UP.STATUS, FOLLOW_UP.DONE_ON, FOLLOW_UP.DONE_AT, FOLLOW_UP.CREATED_AT)
                .from(FOLLOW_UP)
                .join(CONTACT).on(CONTACT.TEAM_ID.eq(FOLLOW_UP.TEAM_ID), CONTACT.ID.eq(FOLLOW_UP.CONTACT_ID))
                .leftJoin(owner).on(owner.TEAM_ID.eq(FOLLOW_UP.TEAM_ID), owner.USER_ID.eq(FOLLOW_UP.OWNER_ID))
                .where(FOLLOW_UP.TEAM_ID.eq(teamId))
                .orderBy(FOLLOW_UP.DUE_ON, FOLLOW_UP.ID),
                mapping(FollowUpLine::new), each);
    }

    /** In the export's order, one at a time; call inside a transaction, or PgJDBC reads them all at once. */
    public void referrals(String teamId, Consumer<ReferralLine> each) {
        Member teammate = MEMBER.as("teammate");
        each(db.select(REFERRAL.ID, REFERRAL.TEAMMATE_ID, teammate.DISPLAY_NAME, REFERRAL.CONTACT_ID, CONTACT.NAME,
                        REFERRAL.DIRECTION, REFERRAL.NOTE, REFERRAL.REFERRED_ON)
                .from(REFERRAL)
                .leftJoin(CONTACT).on(CONTACT.TEAM_ID.eq(REFERRAL.TEAM_ID), CONTACT.ID.eq(REFERRAL.CONTACT_ID))
                .leftJoin(teammate).on(teammate.TEAM_ID.eq(REFERRAL.TEAM_ID), teammate.USER_ID.eq(REFERRAL.TEAMMATE_ID))
                .where(REFERRAL.TEAM_ID.eq(teamId))
                .orderBy(REFERRAL.REFERRED_ON, REFERRAL.ID),
                mapping(ReferralLine::new), each);
    }

    private static <R extends Record, T> void each(ResultQuery<R> query, RecordMapper<? super R, T> mapper, Consumer<? super T> each) {
        try (Cursor<R> rows = query.fetchSize(EXPORT_FETCH_SIZE).fetchLazy()) {
            for (R row : rows) {
                each.accept(mapper.map(row));
            }
        }
    }

    // --- erasure ---

    public record ContactRow(long id, String name, String company, String role, String email) {
    }

    /**
     * Contacts whose name contains the words, whose company does, or whose email is the one typed; exact matches
     * first. The keys are normalised like the contact's own (ContactKeys), so accents and case do not matter.
     */
    public List<ContactRow> search(String teamId, String nameKey, String companyKey, String emailKey, int limit) {
        Condition matches = CONTACT.NAME_KEY.contains(nameKey);
        Field<Integer> rank = when(CONTACT.NAME_KEY.eq(nameKey), inline(1)).otherwise(inline(2));
        if (!companyKey.isEmpty()) {
            matches = matches.or(CONTACT.COMPANY_KEY.contains(companyKey));
        }
        if (emailKey != null) {
            matches = matches.or(CONTACT.EMAIL_KEY.eq(emailKey));
            rank = when(CONTACT.EMAIL_KEY.eq(emailKey), inline(0)).otherwise(rank);
        }
        // search_text holds name, company and email: its trigram index narrows the rows before the exact test.
        Condition candidates = CONTACT.SEARCH_TEXT.contains(nameKey);
        if (!companyKey.isEmpty()) {
            candidates = candidates.or(CONTACT.SEARCH_TEXT.contains(companyKey));
        }
        if (emailKey != null) {
            candidates = candidates.or(CONTACT.EMAIL_KEY.eq(emailKey));
        }
        return db.select(CONTACT.ID, CONTACT.NAME, CONTACT.COMPANY, CONTACT.ROLE, CONTACT.EMAIL)
                .from(CONTACT)
                .where(CONTACT.TEAM_ID.eq(teamId), candidates, matches)
                .orderBy(rank, CONTACT.NAME_KEY, CONTACT.ID)
                .limit(limit)
                .fetch(mapping(ContactRow::new));
    }

    public int meetingCount(String teamId, long contactId) {
        return db.fetchCount(MEETING, MEETING.TEAM_ID.eq(teamId), MEETING.CONTACT_ID.eq(contactId));
    }

    public int followUpCount(String teamId, long contactId) {
        return db.fetchCount(FOLLOW_UP, FOLLOW_UP.TEAM_ID.eq(teamId), FOLLOW_UP.CONTACT_ID.eq(contactId));
    }

    public int referralCount(String teamId, long contactId) {
        return db.fetchCount(REFERRAL, REFERRAL.TEAM_ID.eq(teamId), REFERRAL.CONTACT_ID.eq(contactId));
    }

    /** The teammates who met the contact, in the order they first did. */
    public List<String> teammatesWhoMet(String teamId, long contactId) {
        return db.select(MEETING.TEAMMATE_ID)
                .from(MEETING)
                .where(MEETING.TEAM_ID.eq(teamId), MEETING.CONTACT_ID.eq(contactId))
                .groupBy(MEETING.TEAMMATE_ID)
                .orderBy(DSL.min(MEETING.ID))
                .fetch(MEETING.TEAMMATE_ID);
    }

    /** Locks the contact, so that two admins erasing at once erase once and the second finds nothing. */
    public Optional<ContactRow> lockContact(String teamId, long contactId) {
        return db.select(CONTACT.ID, CONTACT.NAME, CONTACT.COMPANY, CONTACT.ROLE, CONTACT.EMAIL)
                .from(CONTACT)
                .where(CONTACT.TEAM_ID.eq(teamId), CONTACT.ID.eq(contactId))
                .forUpdate()
                .fetchOptional(mapping(ContactRow::new));
    }

    public List<Long> debriefsThatMet(String teamId, long contactId) {
        return db.selectDistinct(MEETING.DEBRIEF_ID).from(MEETING)
                .where(MEETING.TEAM_ID.eq(teamId), MEETING.CONTACT_ID.eq(contactId))
                .fetch(MEETING.DEBRIEF_ID);
    }

    public int deleteFollowUps(String teamId, long contactId) {
        return db.deleteFrom(FOLLOW_UP).where(FOLLOW_UP.TEAM_ID.eq(teamId), FOLLOW_UP.CONTACT_ID.eq(contactId)).execute();
    }

    public int deleteReferrals(String teamId, long contactId) {
        return db.deleteFrom(REFERRAL).where(REFERRAL.TEAM_ID.eq(teamId), REFERRAL.CONTACT_ID.eq(contactId)).execute();
    }

    public int deleteMeetings(String teamId, long contactId) {
        return db.deleteFrom(MEETING).where(MEETING.TEAM_ID.eq(teamId), MEETING.CONTACT_ID.eq(contactId)).execute();
    }

    public int deleteContact(String teamId, long contactId) {
        return db.deleteFrom(CONTACT).where(CONTACT.TEAM_ID.eq(teamId), CONTACT.ID.eq(contactId)).execute();
    }

    /** A quick capture keeps the line as typed, which names the person: it goes with them. */
    public void clearCapturedText(String teamId, Collection<Long> debriefIds) {
        if (debriefIds.isEmpty()) {
            return;
        }
        db.update(DEBRIEF)
                .setNull(DEBRIEF.RAW_TEXT)
                .where(DEBRIEF.TEAM_ID.eq(teamId), DEBRIEF.ID.in(debriefIds))
                .execute();
    }

    public UUID insertErasure(String teamId, String erasedBy, int contacts, int meetings, int followUps, int referrals) {
        return db.insertInto(ERASURE)
                .set(ERASURE.TEAM_ID, teamId)
                .set(ERASURE.ERASED_BY, erasedBy)
                .set(ERASURE.CONTACTS, contacts)
                .set(ERASURE.MEETINGS, meetings)
                .set(ERASURE.FOLLOW_UPS, followUps)
                .set(ERASURE.REFERRALS, referrals)
                .returning(ERASURE.ID)
                .fetchSingle(ERASURE.ID);
    }
}
