package met.workspace;

import static met.db.jooq.Tables.MEMBER;
import static met.db.jooq.Tables.WORKSPACE;

import java.time.ZoneOffset;
import java.util.Optional;
import org.jooq.DSLContext;

public final class WorkspaceRepository {
    private final DSLContext db;

    public WorkspaceRepository(DSLContext db) {
        this.db = db;
    }

    /** Every team's rows hang off its workspace row; the first request from a team creates it. */
    public void ensure(String teamId, String enterpriseId) {
        db.insertInto(WORKSPACE, WORKSPACE.TEAM_ID, WORKSPACE.ENTERPRISE_ID)
                .values(teamId, enterpriseId)
                .onConflictDoNothing()
                .execute();
    }

    public Optional<String> timeZone(String teamId) {
        return db.select(WORKSPACE.TIME_ZONE).from(WORKSPACE).where(WORKSPACE.TEAM_ID.eq(teamId)).fetchOptional(WORKSPACE.TIME_ZONE);
    }

    /** The workspace's name, once Met has learnt it. */
    public Optional<String> name(String teamId) {
        return db.select(WORKSPACE.NAME).from(WORKSPACE).where(WORKSPACE.TEAM_ID.eq(teamId), WORKSPACE.NAME.isNotNull())
                .fetchOptional(WORKSPACE.NAME);
    }

    public void saveName(String teamId, String name) {
        db.update(WORKSPACE).set(WORKSPACE.NAME, name).where(WORKSPACE.TEAM_ID.eq(teamId)).execute();
    }

    public Optional<Member> member(String teamId, String userId) {
        return db.selectFrom(MEMBER)
                .where(MEMBER.TEAM_ID.eq(teamId), MEMBER.USER_ID.eq(userId))
                .fetchOptional(r -> new Member(r.getTeamId(), r.getUserId(), r.getDisplayName(), r.getTimeZone(),
                        r.getIsAdmin(), r.getRefreshedAt().toInstant()));
    }

    public void save(Member member) {
        db.insertInto(MEMBER)
                .set(MEMBER.TEAM_ID, member.teamId())
                .set(MEMBER.USER_ID, member.userId())
                .set(MEMBER.DISPLAY_NAME, member.displayName())
                .set(MEMBER.TIME_ZONE, member.timeZone())
                .set(MEMBER.IS_ADMIN, member.admin())
                .set(MEMBER.REFRESHED_AT, member.refreshedAt().atOffset(ZoneOffset.UTC))
                .onConflict(MEMBER.TEAM_ID, MEMBER.USER_ID)
                .doUpdate()
                .set(MEMBER.DISPLAY_NAME, member.displayName())
                .set(MEMBER.TIME_ZONE, member.timeZone())
                .set(MEMBER.IS_ADMIN, member.admin())
                .set(MEMBER.REFRESHED_AT, member.refreshedAt().atOffset(ZoneOffset.UTC))
                .execute();
    }
}
