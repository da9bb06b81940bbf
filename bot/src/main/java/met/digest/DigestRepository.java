package met.digest;

import static met.db.jooq.Tables.ACTION_ITEM;
import static met.db.jooq.Tables.CONTACT;
import static met.db.jooq.Tables.DEBRIEF;
import static met.db.jooq.Tables.EVENT;
import static met.db.jooq.Tables.MEETING;
import static met.db.jooq.Tables.MEMBER;
import static met.db.jooq.Tables.WORKSPACE;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.countDistinct;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.selectDistinct;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import met.team.Period;
import org.jooq.DSLContext;
import org.jooq.Field;

/**
 * The SQL behind a digest's content beyond {@link met.team.TeamStats}: top events and companies, highlights,
 * activity per day, and the names it shows. Every statement is scoped by team and bounded by a limit or a
 * period, so a digest costs the same few index range scans whatever the team's history.
 */
public final class DigestRepository {
    private final DSLContext db;

    public DigestRepository(DSLContext db) {
        this.db = db;
    }

    public record Workspace(String name, String timeZone) {
    }

    public Optional<Workspace> workspace(String teamId) {
        return db.select(WORKSPACE.NAME, WORKSPACE.TIME_ZONE).from(WORKSPACE).where(WORKSPACE.TEAM_ID.eq(teamId))
                .fetchOptional(r -> new Workspace(r.value1(), r.value2()));
    }

    /** Display names Met has cached from users.info, by user id. */
    public Map<String, String> memberNames(String teamId) {
        Map<String, String> names = new LinkedHashMap<>();
        db.select(MEMBER.USER_ID, MEMBER.DISPLAY_NAME).from(MEMBER).where(MEMBER.TEAM_ID.eq(teamId))
                .forEach(r -> names.put(r.value1(), r.value2()));
        return names;
    }

    /** The period's events with the most meetings: counted from the index alone, then the few shown are named. */
    public List<Digest.TopEvent> topEvents(String teamId, Period period, int limit) {
        var meetings = count().as("meetings");
        var teammates = countDistinct(MEETING.TEAMMATE_ID).as("teammates");
        var top = db.select(MEETING.EVENT_ID, meetings, teammates)
                .from(MEETING)
                .where(MEETING.TEAM_ID.eq(teamId), MEETING.MET_ON.ge(period.start()), MEETING.MET_ON.lt(period.end()), MEETING.EVENT_ID.isNotNull())
                .groupBy(MEETING.EVENT_ID)
                .orderBy(meetings.desc(), teammates.desc(), MEETING.EVENT_ID)
                .limit(limit)
                .asTable("top");
        Field<Integer> topMeetings = top.field(meetings);
        Field<Integer> topTeammates = top.field(teammates);
        return db.select(EVENT.NAME, EVENT.HELD_ON, topMeetings, topTeammates)
                .from(top)
                .join(EVENT).on(EVENT.TEAM_ID.eq(teamId), EVENT.ID.eq(top.field(MEETING.EVENT_ID)))
                .orderBy(topMeetings.desc(), topTeammates.desc(), EVENT.ID)
                .fetch(r -> new Digest.TopEvent(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    /** The companies of the most people met in the period, and how many companies there were in all. */
    public record Companies(List<Digest.TopCompany> top, int total) {
    }

    public Companies topCompanies(String teamId, Period period, int limit) {
        // Each person once, then their company: a person met five times counts once, and is looked up once.
        var met = selectDistinct(MEETING.CONTACT_ID).from(MEETING)
                .where(MEETING.TEAM_ID.eq(teamId), MEETING.MET_ON.ge(period.start()), MEETING.MET_ON.lt(period.end()))
                .asTable("met");
        var people = count();
        var companies = count().over(); // evaluated after GROUP BY: the number of companies
        var rows = db.select(max(CONTACT.COMPANY), people, companies)
                .from(met)
                .join(CONTACT).on(CONTACT.TEAM_ID.eq(teamId), CONTACT.ID.eq(met.field(MEETING.CONTACT_ID)))
                .where(CONTACT.COMPANY_KEY.ne(""))
                .groupBy(CONTACT.COMPANY_KEY)
                .orderBy(people.desc(), CONTACT.COMPANY_KEY)
                .limit(limit)
                .fetch();
        return new Companies(rows.map(r -> new Digest.TopCompany(r.value1(), r.value2())), rows.isEmpty() ? 0 : rows.get(0).value3());
    }

    /** Ideas written in the period's debriefs, latest first. */
    public List<Digest.Highlight> ideas(String teamId, Period period, int limit) {
        return db.select(DEBRIEF.IDEAS, DEBRIEF.AUTHOR_ID, EVENT.NAME)
                .from(DEBRIEF)
                .leftJoin(EVENT).on(EVENT.TEAM_ID.eq(DEBRIEF.TEAM_ID), EVENT.ID.eq(DEBRIEF.EVENT_ID))
                .where(DEBRIEF.TEAM_ID.eq(teamId), DEBRIEF.MET_ON.ge(period.start()), DEBRIEF.MET_ON.lt(period.end()),
                        DEBRIEF.IDEAS.isNotNull())
                .orderBy(DEBRIEF.MET_ON.desc(), DEBRIEF.ID.desc())
                .limit(limit)
                .fetch(r -> new Digest.Highlight(Digest.Highlight.Kind.IDEA, r.value1(), r.value2(), null, r.value3(), false));
    }

    /** Action items from the period's debriefs, latest first. */
    public List<Digest.Highlight> actionItems(String teamId, Period period, int limit) {
        return db.select(ACTION_ITEM.TEXT, ACTION_ITEM.OWNER_ID, EVENT.NAME, ACTION_ITEM.DONE)
                .from(ACTION_ITEM)
                .join(DEBRIEF).on(DEBRIEF.TEAM_ID.eq(ACTION_ITEM.TEAM_ID), DEBRIEF.ID.eq(ACTION_ITEM.DEBRIEF_ID))
                .leftJoin(EVENT).on(EVENT.TEAM_ID.eq(DEBRIEF.TEAM_ID), EVENT.ID.eq(DEBRIEF.EVENT_ID))
                .where(DEBRIEF.TEAM_ID.eq(teamId), DEBRIEF.MET_ON.ge(period.start()), DEBRIEF.MET_ON.lt(period.end()))
                .orderBy(DEBRIEF.MET_ON.desc(), ACTION_ITEM.ID.desc())
                .limit(limit)
                .fetch(r -> new Digest.Highlight(Digest.Highlight.Kind.ACTION_ITEM, r.value1(), r.value2(), null, r.value3(), r.value4()));
    }

    /** Meetings per day over [from, to); days without any are absent. */
    public Map<LocalDate, Integer> meetingsPerDay(String teamId, LocalDate from, LocalDate to) {
        Map<LocalDate, Integer> perDay = new LinkedHashMap<>();
        db.select(MEETING.MET_ON, count()).from(MEETING)
                .where(MEETING.TEAM_ID.eq(teamId), MEETING.MET_ON.ge(from), MEETING.MET_ON.lt(to))
                .groupBy(MEETING.MET_ON)
                .forEach(r -> perDay.put(r.value1(), r.value2()));
        return perDay;
    }
}
