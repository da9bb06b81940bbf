package met.digest;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import met.Futures;
import met.team.Period;
import met.team.TeamNumbers;
import met.team.TeamStats;
import org.jooq.DSLContext;

/** Builds a team's digest for a period from its networking memory. Knows nothing of Slack. */
public final class DigestService {
    /**
     * Sections of digests run side by side, across all digests being built: with the dispatcher's workspaces
     * ({@link DigestDispatcher#PARALLELISM}) that is at most 7 of the background pool's 8 connections; Slack's
     * requests have their own (met.db.Database).
     */
    public static final int SECTIONS_IN_PARALLEL = 3;
    static final int TOP = 5;
    static final int HIGHLIGHTS = 5;
    static final int COLD_SHOWN = 5;

    private final DSLContext db;
    private final TeamStats stats;
    private final Executor sections;

    /** Sections one after the other, on the caller's thread. */
    public DigestService(DSLContext db, TeamStats stats) {
        this(db, stats, Runnable::run);
    }

    /** @param sections runs a digest's sections side by side; each holds a database connection while it runs */
    public DigestService(DSLContext db, TeamStats stats, Executor sections) {
        this.db = db;
        this.stats = stats;
        this.sections = sections;
    }

    /** A channel subscribed: what it was before (empty when new), and the first digest it will get. */
    public record Subscribed(Optional<Subscription> before, Cadence.Due first) {
    }

    /** Subscribes the channel (or changes and resumes its subscription) from {@code now}. */
    public Subscribed subscribe(String teamId, String channelId, Cadence cadence, ZoneId zone, String userId, Instant now) {
        Optional<Subscription> before = new SubscriptionRepository(db).subscribe(teamId, channelId, cadence, zone, userId, now);
        return new Subscribed(before, cadence.firstAfter(zone, now));
    }

    public boolean unsubscribe(String teamId, String channelId) {
        return new SubscriptionRepository(db).unsubscribe(teamId, channelId);
    }

    public Optional<Subscription> subscription(String teamId, String channelId) {
        return new SubscriptionRepository(db).find(teamId, channelId);
    }

    /** The workspace as the digest needs it, or empty when Met has never seen the team. */
    public Optional<DigestRepository.Workspace> workspace(String teamId) {
        return new DigestRepository(db).workspace(teamId);
    }

    /**
     * @param asOf today in the team's (or subscription's) zone: a period still running is shown up to it, and
     *             contacts going cold are counted from it
     */
    public Digest build(String teamId, Period period, LocalDate asOf) {
        // The sections are independent statements: they run side by side on their own connections, so a large
        // team's digest takes about as long as its slowest section rather than the sum of them all.
        DigestRepository repo = new DigestRepository(db);
        var workspace = async(() -> repo.workspace(teamId).map(DigestRepository.Workspace::name).orElse(null));
        var names = async(() -> repo.memberNames(teamId));
        var numbers = async(() -> stats.numbers(teamId, period, asOf));
        var previous = async(() -> stats.numbers(teamId, period.previous(), asOf));
        var eventsPerTeammate = async(() -> stats.eventsPerTeammate(teamId, goalMonth(period)));
        var goal = async(() -> stats.monthlyEventGoal(teamId));
        var topEvents = async(() -> repo.topEvents(teamId, period, TOP));
        var companies = async(() -> repo.topCompanies(teamId, period, TOP));
        var ideas = async(() -> repo.ideas(teamId, period, HIGHLIGHTS));
        var actionItems = async(() -> repo.actionItems(teamId, period, HIGHLIGHTS));
        var cold = async(() -> stats.coldContacts(teamId, asOf, COLD_SHOWN));
        var perDay = async(() -> repo.meetingsPerDay(teamId, period.previous().start(), period.end()));
        return new Digest(teamId, join(workspace), period, asOf, join(numbers), join(previous),
                goal(goalMonth(period), join(goal), join(eventsPerTeammate), join(names)),
                join(topEvents),
                join(companies).top(), join(companies).total(),
                highlights(join(ideas), join(actionItems), join(names)),
                join(cold),
                activity(join(perDay), period));
    }

    private <T> CompletableFuture<T> async(Supplier<T> section) {
        return CompletableFuture.supplyAsync(section, sections);
    }

    /** A section's result; its failure is the build's, as it would have been had the sections run one by one. */
    private static <T> T join(CompletableFuture<T> section) {
        return Futures.join(section);
    }

    /** The goal is monthly: a monthly digest shows its month; a weekly one the month of its last day, up to its end. */
    private static Period goalMonth(Period period) {
        if (!period.isWeek()) {
            return period;
        }
        Period whole = Period.monthOf(period.end().minusDays(1));
        return new Period(whole.start(), period.end(), whole.label() + " so far");
    }

    /** Teammates are everyone Met knows on the team (who used /met) and anyone who went out. */
    private static Digest.Goal goal(Period month, int perTeammate, Map<String, Integer> events, Map<String, String> names) {
        Map<String, Integer> everyone = new LinkedHashMap<>();
        names.keySet().forEach(id -> everyone.put(id, 0));
        everyone.putAll(events);
        List<Digest.Teammate> met = new ArrayList<>();
        List<Digest.Teammate> notYet = new ArrayList<>();
        everyone.forEach((id, count) -> (count >= perTeammate ? met : notYet).add(new Digest.Teammate(id, names.get(id), count)));
        Comparator<Digest.Teammate> byName = Comparator.comparing(t -> t.name() == null ? "~" + t.userId() : t.name().toLowerCase(Locale.ROOT));
        met.sort(Comparator.comparingInt(Digest.Teammate::events).reversed().thenComparing(byName));
        notYet.sort(Comparator.comparingInt(Digest.Teammate::events).reversed().thenComparing(byName));
        return new Digest.Goal(perTeammate, month, met, notYet);
    }

    /** Up to five: ideas and action items in turn, latest first, so that neither kind crowds out the other. */
    private static List<Digest.Highlight> highlights(List<Digest.Highlight> ideas, List<Digest.Highlight> actions, Map<String, String> names) {
        List<Digest.Highlight> picked = new ArrayList<>();
        for (int i = 0; picked.size() < HIGHLIGHTS && (i < ideas.size() || i < actions.size()); i++) {
            if (i < ideas.size()) {
                picked.add(ideas.get(i));
            }
            if (i < actions.size() && picked.size() < HIGHLIGHTS) {
                picked.add(actions.get(i));
            }
        }
        return picked.stream()
                .map(h -> new Digest.Highlight(h.kind(), named(h.text(), names), h.userId(), names.get(h.userId()), h.eventName(), h.done()))
                .toList();
    }

    private static final Pattern MENTION = Pattern.compile("<@([UW][A-Z0-9]+)>");

    /**
     * Action items carry their owners as {@code <@U…>} (the form's rich text makes real mentions). A channel digest
     * names them instead, so that it pings nobody; everything else stays text, to be escaped where it is shown.
     */
    static String named(String text, Map<String, String> names) {
        if (text == null) {
            return null;
        }
        Matcher m = MENTION.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = names.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement("@" + (name == null ? m.group(1) : name)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * Bucket by bucket, this period against the previous one: days of the week for a week; days 1–7, 8–14, 15–21,
     * 22–28 and 29–31 for a month, so that months of different lengths line up.
     */
    static Digest.Activity activity(Map<LocalDate, Integer> perDay, Period period) {
        Period before = period.previous();
        List<String> buckets = new ArrayList<>();
        int count = period.isWeek() ? 7 : Math.max(bucketOf(period, period.end().minusDays(1)), bucketOf(before, before.end().minusDays(1))) + 1;
        for (int i = 0; i < count; i++) {
            if (period.isWeek()) {
                buckets.add(DayOfWeek.of(i + 1).getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
            } else {
                int first = i * 7 + 1;
                int last = i == 4 ? 31 : first + 6;
                buckets.add(first + "–" + last);
            }
        }
        Integer[] current = new Integer[count];
        Integer[] previous = new Integer[count];
        java.util.Arrays.fill(current, 0);
        java.util.Arrays.fill(previous, 0);
        perDay.forEach((day, n) -> {
            if (period.contains(day)) {
                current[bucketOf(period, day)] += n;
            } else if (before.contains(day)) {
                previous[bucketOf(before, day)] += n;
            }
        });
        return new Digest.Activity(buckets, List.of(current), List.of(previous));
    }

    private static int bucketOf(Period period, LocalDate day) {
        return period.isWeek() ? day.getDayOfWeek().getValue() - 1 : Math.min(4, (day.getDayOfMonth() - 1) / 7);
    }
}
