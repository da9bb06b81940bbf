package met.team;

import static met.db.jooq.Tables.CONTACT;
import static met.db.jooq.Tables.DEBRIEF;
import static met.db.jooq.Tables.DEBRIEF_ATTENDEE;
import static met.db.jooq.Tables.FOLLOW_UP;
import static met.db.jooq.Tables.MEETING;
import static met.db.jooq.Tables.REFERRAL;
import static met.db.jooq.Tables.WORKSPACE;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.countDistinct;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectDistinct;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;

/** Aggregates over a team's memory for one period. Set-based: a few statements, whatever the team's size. */
public final class TeamStatsRepository {
    private final DSLContext db;

    public TeamStatsRepository(DSLContext db) {
        this.db = db;
    }

    public TeamNumbers numbers(String teamId, Period period, LocalDate today) {
        var inPeriod = MEETING.TEAM_ID.eq(teamId).and(MEETING.MET_ON.ge(period.start())).and(MEETING.MET_ON.lt(period.end()));
        // Distinct values through a grouping each (hashed) rather than count(distinct …) (sorted): twice as fast over a busy month.
        int events = db.fetchCount(selectDistinct(MEETING.EVENT_ID).from(MEETING).where(inPeriod, MEETING.EVENT_ID.isNotNull()));
        int teammatesOut = db.fetchCount(selectDistinct(MEETING.TEAMMATE_ID).from(MEETING).where(inPeriod));
        int meetings = db.fetchCount(MEETING, inPeriod);
        // New: the team's first meeting with the person falls in the period.
        int newContacts = db.fetchCount(CONTACT, CONTACT.TEAM_ID.eq(teamId), CONTACT.FIRST_MET_ON.ge(period.start()),
                CONTACT.FIRST_MET_ON.lt(period.end()));
        // Done on the owner's own day, as meetings are counted on their teammate's: not by UTC's (see V9).
        int done = db.fetchCount(FOLLOW_UP, FOLLOW_UP.TEAM_ID.eq(teamId), FOLLOW_UP.STATUS.eq("done"),
                FOLLOW_UP.DONE_ON.ge(period.start()), FOLLOW_UP.DONE_ON.lt(period.end()));
        LocalDate asOf = today.isBefore(period.end()) ? today : period.end();
        int overdue = db.fetchCount(FOLLOW_UP, FOLLOW_UP.TEAM_ID.eq(teamId), FOLLOW_UP.STATUS.in("open", "snoozed"), FOLLOW_UP.DUE_ON.lt(asOf));
        Map<String, Integer> referrals = new LinkedHashMap<>();
        db.select(REFERRAL.DIRECTION, count()).from(REFERRAL)
                .where(REFERRAL.TEAM_ID.eq(teamId), REFERRAL.REFERRED_ON.ge(period.start()), REFERRAL.REFERRED_ON.lt(period.end()))
                .groupBy(REFERRAL.DIRECTION)
                .forEach(r -> referrals.put(r.value1(), r.value2()));
        return new TeamNumbers(events, teammatesOut, meetings, newContacts, done, overdue,
                referrals.getOrDefault("given", 0), referrals.getOrDefault("received", 0));
    }

    /** Events each teammate went to in the period (as author, attendee, or through a meeting there). */
    public Map<String, Integer> eventsPerTeammate(String teamId, Period period) {
        var byMeeting = select(MEETING.TEAMMATE_ID.as("user_id"), MEETING.EVENT_ID.as("event_id")).from(MEETING)
                .where(MEETING.TEAM_ID.eq(teamId), MEETING.MET_ON.ge(period.start()), MEETING.MET_ON.lt(period.end()), MEETING.EVENT_ID.isNotNull());
        var byAuthor = select(DEBRIEF.AUTHOR_ID.as("user_id"), DEBRIEF.EVENT_ID.as("event_id")).from(DEBRIEF)
                .where(DEBRIEF.TEAM_ID.eq(teamId), DEBRIEF.MET_ON.ge(period.start()), DEBRIEF.MET_ON.lt(period.end()), DEBRIEF.EVENT_ID.isNotNull());
        var byAttendance = select(DEBRIEF_ATTENDEE.USER_ID.as("user_id"), DEBRIEF.EVENT_ID.as("event_id")).from(DEBRIEF_ATTENDEE)
                .join(DEBRIEF).on(DEBRIEF.TEAM_ID.eq(DEBRIEF_ATTENDEE.TEAM_ID), DEBRIEF.ID.eq(DEBRIEF_ATTENDEE.DEBRIEF_ID))
                .where(DEBRIEF.TEAM_ID.eq(teamId), DEBRIEF.MET_ON.ge(period.start()), DEBRIEF.MET_ON.lt(period.end()), DEBRIEF.EVENT_ID.isNotNull());
        var all = byMeeting.union(byAuthor).union(byAttendance).asTable("attended");
        Map<String, Integer> result = new LinkedHashMap<>();
        db.select(all.field("user_id", String.class), countDistinct(all.field("event_id", Long.class)))
                .from(all)
                .groupBy(all.field("user_id", String.class))
                .orderBy(countDistinct(all.field("event_id", Long.class)).desc(), all.field("user_id", String.class))
                .forEach(r -> result.put(r.value1(), r.value2()));
        return result;
    }

    /** A teammate's referrals, all time: given and received. */
    public List<Integer> referralBalance(String teamId, String userId) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        db.select(REFERRAL.DIRECTION, count()).from(REFERRAL)
                .where(REFERRAL.TEAM_ID.eq(teamId), REFERRAL.TEAMMATE_ID.eq(userId))
                .groupBy(REFERRAL.DIRECTION)
                .forEach(r -> counts.put(r.value1(), r.value2()));
        return List.of(counts.getOrDefault("given", 0), counts.getOrDefault("received", 0), counts.getOrDefault("asked", 0));
    }

    public int coldAfterDays(String teamId) {
        return db.select(WORKSPACE.COLD_AFTER_DAYS).from(WORKSPACE).where(WORKSPACE.TEAM_ID.eq(teamId))
                .fetchOptional(WORKSPACE.COLD_AFTER_DAYS).orElse(90);
    }

    /** Contacts whose last touch (a meeting, a note or a follow-up done) is before {@code touchedBefore}, oldest first. */
    public List<ColdContact> coldContacts(String teamId, LocalDate touchedBefore, int limit) {
        var lastTeammate = select(MEETING.TEAMMATE_ID).from(MEETING)
                .where(MEETING.TEAM_ID.eq(CONTACT.TEAM_ID), MEETING.CONTACT_ID.eq(CONTACT.ID))
                .orderBy(MEETING.MET_ON.desc(), MEETING.ID.desc()).limit(1);
        return db.select(CONTACT.ID, CONTACT.NAME, CONTACT.COMPANY, CONTACT.LAST_TOUCH_ON, field(lastTeammate))
                .from(CONTACT)
                .where(CONTACT.TEAM_ID.eq(teamId), CONTACT.LAST_TOUCH_ON.lt(touchedBefore))
                .orderBy(CONTACT.LAST_TOUCH_ON, CONTACT.ID)
                .limit(limit)
                .fetch(r -> new ColdContact(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    public int countColdContacts(String teamId, LocalDate touchedBefore) {
        return db.fetchCount(CONTACT, CONTACT.TEAM_ID.eq(teamId), CONTACT.LAST_TOUCH_ON.lt(touchedBefore));
    }

    public int monthlyEventGoal(String teamId) {
        return db.select(WORKSPACE.MONTHLY_EVENT_GOAL).from(WORKSPACE).where(WORKSPACE.TEAM_ID.eq(teamId))
                .fetchOptional(WORKSPACE.MONTHLY_EVENT_GOAL).orElse(1);
    }
}
