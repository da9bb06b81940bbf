package met.privacy;

import static met.db.jooq.Tables.CONTACT;
import static met.db.jooq.Tables.EVENT;
import static met.db.jooq.Tables.FOLLOW_UP;
import static met.db.jooq.Tables.MEETING;
import static met.db.jooq.Tables.MEMBER;
import static met.db.jooq.Tables.REFERRAL;
import static org.jooq.Records.mapping;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import met.db.jooq.tables.Member;
import org.jooq.DSLContext;

/** The SQL of the export. Every statement is scoped by team, and every join stays inside it. */
public final class PrivacyRepository {
    private final DSLContext db;

    public PrivacyRepository(DSLContext db) {
        this.db = db;
    }

    // --- export ---

    public record ContactLine(long id, String name, String company, String role, String email, String profileUrl,
                              LocalDate lastTouchOn, String createdBy, OffsetDateTime createdAt) {
    }

    public record MeetingLine(long id, long contactId, String contactName, String contactCompany, String teammateId,
                              String teammateName, String eventName, String eventKind, LocalDate eventDate, LocalDate metOn,
                              String notes) {
    }

    public record FollowUpLine(long id, long contactId, String contactName, String ownerId, String ownerName, LocalDate dueOn,
                               String status, OffsetDateTime doneAt, OffsetDateTime createdAt) {
    }

    public record ReferralLine(long id, String teammateId, String teammateName, Long contactId, String contactName,
                               String direction, String note, LocalDate referredOn) {
    }

    public List<ContactLine> contacts(String teamId) {
        return db.select(CONTACT.ID, CONTACT.NAME, CONTACT.COMPANY, CONTACT.ROLE, CONTACT.EMAIL, CONTACT.PROFILE_URL,
                        CONTACT.LAST_TOUCH_ON, CONTACT.CREATED_BY, CONTACT.CREATED_AT)
                .from(CONTACT)
                .where(CONTACT.TEAM_ID.eq(teamId))
                .orderBy(CONTACT.ID)
                .fetch(mapping(ContactLine::new));
    }

    public List<MeetingLine> meetings(String teamId) {
        Member teammate = MEMBER.as("teammate");
        return db.select(MEETING.ID, MEETING.CONTACT_ID, CONTACT.NAME, CONTACT.COMPANY, MEETING.TEAMMATE_ID, teammate.DISPLAY_NAME,
                        EVENT.NAME, EVENT.KIND, EVENT.HELD_ON, MEETING.MET_ON, MEETING.NOTES)
                .from(MEETING)
                .join(CONTACT).on(CONTACT.TEAM_ID.eq(MEETING.TEAM_ID), CONTACT.ID.eq(MEETING.CONTACT_ID))
                .leftJoin(EVENT).on(EVENT.TEAM_ID.eq(MEETING.TEAM_ID), EVENT.ID.eq(MEETING.EVENT_ID))
                .leftJoin(teammate).on(teammate.TEAM_ID.eq(MEETING.TEAM_ID), teammate.USER_ID.eq(MEETING.TEAMMATE_ID))
                .where(MEETING.TEAM_ID.eq(teamId))
                .orderBy(MEETING.MET_ON, MEETING.ID)
                .fetch(mapping(MeetingLine::new));
    }

    public List<FollowUpLine> followUps(String teamId) {
        Member owner = MEMBER.as("owner");
        return db.select(FOLLOW_UP.ID, FOLLOW_UP.CONTACT_ID, CONTACT.NAME, FOLLOW_UP.OWNER_ID, owner.DISPLAY_NAME, FOLLOW_UP.DUE_ON,
                        FOLLOW_UP.STATUS, FOLLOW_UP.DONE_AT, FOLLOW_UP.CREATED_AT)
                .from(FOLLOW_UP)
                .join(CONTACT).on(CONTACT.TEAM_ID.eq(FOLLOW_UP.TEAM_ID), CONTACT.ID.eq(FOLLOW_UP.CONTACT_ID))
                .leftJoin(owner).on(owner.TEAM_ID.eq(FOLLOW_UP.TEAM_ID), owner.USER_ID.eq(FOLLOW_UP.OWNER_ID))
                .where(FOLLOW_UP.TEAM_ID.eq(teamId))
                .orderBy(FOLLOW_UP.DUE_ON, FOLLOW_UP.ID)
                .fetch(mapping(FollowUpLine::new));
    }

    public List<ReferralLine> referrals(String teamId) {
        Member teammate = MEMBER.as("teammate");
        return db.select(REFERRAL.ID, REFERRAL.TEAMMATE_ID, teammate.DISPLAY_NAME, REFERRAL.CONTACT_ID, CONTACT.NAME,
                        REFERRAL.DIRECTION, REFERRAL.NOTE, REFERRAL.REFERRED_ON)
                .from(REFERRAL)
                .leftJoin(CONTACT).on(CONTACT.TEAM_ID.eq(REFERRAL.TEAM_ID), CONTACT.ID.eq(REFERRAL.CONTACT_ID))
                .leftJoin(teammate).on(teammate.TEAM_ID.eq(REFERRAL.TEAM_ID), teammate.USER_ID.eq(REFERRAL.TEAMMATE_ID))
                .where(REFERRAL.TEAM_ID.eq(teamId))
                .orderBy(REFERRAL.REFERRED_ON, REFERRAL.ID)
                .fetch(mapping(ReferralLine::new));
    }
}
