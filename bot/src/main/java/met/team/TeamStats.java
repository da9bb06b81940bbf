package met.team;

import java.time.LocalDate;
import java.util.Map;
import org.jooq.DSLContext;

/** The team's numbers for a period, each teammate's events against the monthly goal, and referral balances. */
public final class TeamStats {
    private final DSLContext db;

    public TeamStats(DSLContext db) {
        this.db = db;
    }

    /** A teammate's referrals: networking is a two-way street. */
    public record Balance(int given, int received, int asked) {
    }

    public TeamNumbers numbers(String teamId, Period period, LocalDate today) {
        return new TeamStatsRepository(db).numbers(teamId, period, today);
    }

    public Map<String, Integer> eventsPerTeammate(String teamId, Period period) {
        return new TeamStatsRepository(db).eventsPerTeammate(teamId, period);
    }

    /** The team's contacts going cold: untouched for the workspace's cold_after_days (90 by default). */
    public record Cold(int afterDays, int total, java.util.List<ColdContact> oldest) {
    }

    public Cold coldContacts(String teamId, LocalDate today, int limit) {
        TeamStatsRepository repo = new TeamStatsRepository(db);
        int days = repo.coldAfterDays(teamId);
        LocalDate before = today.minusDays(days);
        return new Cold(days, repo.countColdContacts(teamId, before), repo.coldContacts(teamId, before, limit));
    }

    public int monthlyEventGoal(String teamId) {
        return new TeamStatsRepository(db).monthlyEventGoal(teamId);
    }

    public Balance balance(String teamId, String userId) {
        var counts = new TeamStatsRepository(db).referralBalance(teamId, userId);
        return new Balance(counts.get(0), counts.get(1), counts.get(2));
    }
}
