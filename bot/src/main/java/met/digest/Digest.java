package met.digest;

import java.time.LocalDate;
import java.util.List;
import met.team.Period;
import met.team.TeamNumbers;
import met.team.TeamStats;

/**
 * Everything one digest shows: one team, one period, compared with the period before. Built by
 * {@link DigestService}, shown by {@link DigestBlocks} and drawn by {@link DigestChart}. Lists are already cut to
 * what is shown; the totals beside them say how many more there are.
 *
 * @param teamName null when Met has not learnt it yet
 * @param asOf     the day the digest was built: the end of a finished period, or today for one still running
 */
public record Digest(String teamId, String teamName, Period period, LocalDate asOf, TeamNumbers numbers, TeamNumbers previous,
                     Goal goal, List<TopEvent> topEvents, List<TopCompany> topCompanies, int companies,
                     List<Highlight> highlights, TeamStats.Cold cold, Activity activity) {

    public Digest {
        topEvents = List.copyOf(topEvents);
        topCompanies = List.copyOf(topCompanies);
        highlights = List.copyOf(highlights);
    }

    /** The period is still running: the digest shows it so far. */
    public boolean partial() {
        return !asOf.isBefore(period.start()) && asOf.isBefore(period.end().minusDays(1));
    }

    /** Nobody met anyone in the period. */
    public boolean quiet() {
        return numbers.meetings() == 0 && numbers.events() == 0;
    }

    /** A teammate as the digest names them; {@code name} is null when Met has never seen their profile. */
    public record Teammate(String userId, String name, int events) {
    }

    /** The monthly event goal: who met it and who has not yet, over {@code month} (the month so far for a weekly digest). */
    public record Goal(int perTeammate, Period month, List<Teammate> met, List<Teammate> notYet) {
        public Goal {
            met = List.copyOf(met);
            notYet = List.copyOf(notYet);
        }
    }

    public record TopEvent(String name, LocalDate heldOn, int meetings, int teammates) {
    }

    public record TopCompany(String name, int people) {
    }

    /** An idea or an action item from a debrief of the period. */
    public record Highlight(Kind kind, String text, String userId, String userName, String eventName, boolean done) {
        public enum Kind { IDEA, ACTION_ITEM }
    }

    /**
     * Meetings per bucket (days of a week, or spans of seven days of a month) in this period and the previous one,
     * bucket by bucket: what the chart draws.
     */
    public record Activity(List<String> buckets, List<Integer> current, List<Integer> previous) {
        public Activity {
            buckets = List.copyOf(buckets);
            current = List.copyOf(current);
            previous = List.copyOf(previous);
        }
    }
}
