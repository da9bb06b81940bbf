package met.digest;

import ch.qos.logback.classic.Level;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import met.Config;
import met.db.Database;
import met.team.Period;
import met.team.TeamStats;
import met.testing.TestDatabase;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.LoggerFactory;

/**
 * One large team's digest: 1,000,000 meetings over two years, 200,000 contacts, 500 teammates, seeded set-based
 * with generate_series. Prints the time per build (queries, blocks and chart) over several runs, the heap before
 * and after each, where the time goes, and a same-run baseline: counting the team's meetings. Not a test: run
 *
 *   mvn -B -q -pl bot test-compile exec:java -Dexec.mainClass=met.digest.DigestBenchmark -Dexec.classpathScope=test
 *
 * (add -Dmet.bench.database=jdbc:postgresql://host:port/db?user=… to reuse a database an earlier run seeded).
 */
public final class DigestBenchmark {
    static final String TEAM = "TBENCH";
    private static final int MEETINGS = 1_000_000;
    private static final int CONTACTS = 200_000;
    private static final int MEMBERS = 500;
    private static final int EVENTS = 20_000;
    private static final int DEBRIEFS = 100_000;
    private static final int DAYS = 730; // 2 December 2024 to 30 November 2026
    private static final int WARM_UP = 3;
    private static final int RUNS = 10;
    private static final Period NOVEMBER = Period.month(YearMonth.of(2026, 11));
    private static final LocalDate POSTED_ON = LocalDate.of(2026, 12, 1);

    public static void main(String[] args) {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        // -Dmet.bench.database=jdbc:postgresql://… reuses a database seeded by an earlier run (seeding takes a minute or two).
        String reuse = System.getProperty("met.bench.database");
        Config.Database config = reuse == null ? TestDatabase.get().fresh()
                : new Config.Database(Optional.of(reuse), Optional.empty(), Optional.empty(), Path.of("unused"));
        try (Database database = Database.open(config, new SimpleMeterRegistry())) {
            DSLContext db = database.dsl();
            if (db.fetchCount(met.db.jooq.Tables.WORKSPACE, met.db.jooq.Tables.WORKSPACE.TEAM_ID.eq(TEAM)) == 0) {
                long seeding = System.nanoTime();
                seed(config);
                System.out.printf("seeded %,d meetings, %,d contacts, %,d teammates, %,d events, %,d debriefs in %.1f s%n",
                        MEETINGS, CONTACTS, MEMBERS, EVENTS, DEBRIEFS, (System.nanoTime() - seeding) / 1e9);
            }

            DigestService digests = new DigestService(database.background(), new TeamStats(database.background()), Executors.newFixedThreadPool(DigestService.SECTIONS_IN_PARALLEL, daemon()));
            for (int i = 0; i < WARM_UP; i++) {
                build(digests);
            }
            List<Double> builds = new ArrayList<>();
            System.out.println("\nrun  build (ms)  heap before (MB)  heap after (MB)");
            for (int i = 1; i <= RUNS; i++) {
                long before = heapAfterGc();
                long started = System.nanoTime();
                Built built = build(digests);
                double ms = (System.nanoTime() - started) / 1e6;
                long after = usedHeap();
                builds.add(ms);
                System.out.printf("%3d  %10.1f  %16.1f  %15.1f   (%d blocks, %,d-byte PNG)%n", i, ms, before / 1e6, after / 1e6,
                        built.blocks(), built.png());
            }
            System.out.printf("heap after the runs, after GC: %.1f MB%n", heapAfterGc() / 1e6);

            List<Double> baseline = new ArrayList<>();
            for (int i = 0; i < WARM_UP + RUNS; i++) {
                long started = System.nanoTime();
                int count = db.fetchCount(met.db.jooq.Tables.MEETING, met.db.jooq.Tables.MEETING.TEAM_ID.eq(TEAM));
                if (i >= WARM_UP) {
                    baseline.add((System.nanoTime() - started) / 1e6);
                }
                if (count != MEETINGS) {
                    throw new IllegalStateException("seeded " + count + " meetings");
                }
            }
            double median = median(builds);
            double base = median(baseline);
            System.out.printf("%nbuild: median %.1f ms, min %.1f ms, max %.1f ms (target: under 500 ms)%n", median, Collections.min(builds),
                    Collections.max(builds));
            System.out.printf("baseline `select count(*) from meeting where team_id = ?` (%,d rows): median %.1f ms%n", MEETINGS, base);
            System.out.printf("ratio build / baseline: %.2f%n", median / base);
            breakdown(db);
        }
    }

    private record Built(int blocks, int png) {
    }

    private static Built build(DigestService digests) {
        Digest digest = digests.build(TEAM, NOVEMBER, POSTED_ON);
        int blocks = DigestBlocks.message(digest, true).size();
        DigestBlocks.text(digest);
        return new Built(blocks, DigestChart.png(digest).length);
    }

    /** Where the time of one build goes: each statement alone, median of a few runs. */
    private static void breakdown(DSLContext db) {
        TeamStats stats = new TeamStats(db);
        DigestRepository repo = new DigestRepository(db);
        DigestService digests = new DigestService(db, stats);
        Digest digest = digests.build(TEAM, NOVEMBER, POSTED_ON);
        Map<String, Supplier<Object>> parts = new LinkedHashMap<>();
        parts.put("numbers, this month (TeamStats)", () -> stats.numbers(TEAM, NOVEMBER, POSTED_ON));
        parts.put("numbers, month before (TeamStats)", () -> stats.numbers(TEAM, NOVEMBER.previous(), POSTED_ON));
        parts.put("events per teammate (TeamStats)", () -> stats.eventsPerTeammate(TEAM, NOVEMBER));
        parts.put("cold contacts (TeamStats)", () -> stats.coldContacts(TEAM, POSTED_ON, DigestService.COLD_SHOWN));
        parts.put("member names", () -> repo.memberNames(TEAM));
        parts.put("top events", () -> repo.topEvents(TEAM, NOVEMBER, DigestService.TOP));
        parts.put("top companies", () -> repo.topCompanies(TEAM, NOVEMBER, DigestService.TOP));
        parts.put("ideas and action items", () -> List.of(repo.ideas(TEAM, NOVEMBER, 5), repo.actionItems(TEAM, NOVEMBER, 5)));
        parts.put("meetings per day, two months", () -> repo.meetingsPerDay(TEAM, NOVEMBER.previous().start(), NOVEMBER.end()));
        parts.put("Block Kit", () -> DigestBlocks.message(digest, true));
        parts.put("chart PNG (JFreeChart)", () -> DigestChart.png(digest));
        System.out.println("\nwhere the time goes (median of 5):");
        parts.forEach((name, part) -> {
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long started = System.nanoTime();
                part.get();
                times.add((System.nanoTime() - started) / 1e6);
            }
            System.out.printf("  %-36s %7.1f ms%n", name, median(times));
        });
    }

    /**
     * Set-based, in a few statements, on a connection of its own: the pool's 30 s socket timeout is for requests,
     * not for inserting a million rows, and foreign keys are not checked while seeding (the rows refer to each
     * other by construction). Ids come from identities, so rows refer to each other by offsets from the first id
     * of each table (a fresh database: the rows of one statement get consecutive ids).
     */
    public static void seed(Config.Database config) {
        try (Connection connection = DriverManager.getConnection(config.jdbcUrl().orElseThrow(), config.user().orElse(null),
                config.password().orElse(null))) {
            DSLContext db = DSL.using(connection, SQLDialect.POSTGRES);
            db.execute("set session_replication_role = replica");
            seed(db);
            db.execute("set session_replication_role = origin");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void seed(DSLContext db) {
        String t = "'" + TEAM + "'";
        String user = "'U' || lpad((1 + (%s) %% " + MEMBERS + ")::text, 5, '0')";
        String day = "date '2024-12-02' + ((%s) %% " + DAYS + ")";
        db.execute("insert into workspace (team_id, name, time_zone) values (" + t + ", 'Benchmark & Co', 'UTC')");
        db.execute("insert into member (team_id, user_id, display_name, time_zone) select " + t + ", " + user.formatted("g - 1")
                + ", 'Teammate ' || g, 'UTC' from generate_series(1, " + MEMBERS + ") g");
        db.execute("insert into event (team_id, name, name_key, kind, held_on, created_by) select " + t
                + ", 'Event ' || g, 'event ' || g, 'meetup', " + day.formatted("g") + ", 'U00001' from generate_series(0, " + (EVENTS - 1) + ") g");
        db.execute("insert into contact (team_id, name, company, name_key, company_key, created_by) select " + t
                + ", 'Person ' || g, 'Company ' || (g % 5000), 'person ' || g, 'company ' || (g % 5000), 'U00001'"
                + " from generate_series(0, " + (CONTACTS - 1) + ") g");
        String bases = "with b as (select (select min(id) from event where team_id = " + t + ") e0, (select min(id) from contact where team_id = "
                + t + ") c0, (select coalesce(min(id), 0) from debrief where team_id = " + t + ") d0) ";
        // A debrief per (event, teammate) pairing; a quarter of them with an idea. Debrief k is at event k % EVENTS.
        db.execute(bases + "insert into debrief (team_id, event_id, author_id, source, met_on, ideas) select " + t + ", b.e0 + g % " + EVENTS
                + ", " + user.formatted("g") + ", 'form', " + day.formatted("g % " + EVENTS)
                + ", case when g % 4 = 0 then 'Idea number ' || g end from generate_series(0, " + (DEBRIEFS - 1) + ") g, b");
        // A steady team: meetings spread evenly over the two years (about 41,000 a month); every fifth meeting is with
        // someone new (contact g / 5: about 8,300 new people a month), the others with someone met in the last few
        // months. Meeting g belongs to a debrief of its day, whose author and event it shares.
        String dayIndex = "(g::bigint * " + DAYS + " / " + MEETINGS + ")::int";
        String c = "(case when g % 5 = 0 then g / 5 else greatest(0, g / 5 - 1 - (g::bigint * 7919) % 40000) end)";
        String d = "(" + dayIndex + " + " + DAYS + " * (" + c + " % 27)::int + " + EVENTS + " * (g % 5))"; // at event d % EVENTS, that day
        db.execute(bases + "insert into meeting (team_id, contact_id, teammate_id, debrief_id, event_id, met_on) select " + t
                + ", b.c0 + " + c + ", " + user.formatted(d) + ", b.d0 + " + d + ", b.e0 + " + d + " % " + EVENTS + ", " + day.formatted(dayIndex)
                + " from generate_series(0, " + (MEETINGS - 1) + ") g, b");
        db.execute("update contact c set first_met_on = m.first, last_touch_on = m.last from (select contact_id, min(met_on) as first,"
                + " max(met_on) as last from meeting where team_id = " + t + " group by contact_id) m where c.team_id = " + t
                + " and c.id = m.contact_id");
        db.execute(bases + "insert into debrief_attendee (team_id, debrief_id, user_id) select " + t + ", b.d0 + g, " + user.formatted("g + 7")
                + " from generate_series(0, " + (DEBRIEFS / 2 - 1) + ") g, b");
        db.execute(bases + "insert into action_item (team_id, debrief_id, text, owner_id) select " + t + ", b.d0 + g * 2, 'Action ' || g, "
                + user.formatted("g") + " from generate_series(0, " + (DEBRIEFS / 2 - 1) + ") g, b");
        db.execute(bases + "insert into follow_up (team_id, contact_id, owner_id, due_on, status, done_at, done_on) select " + t + ", b.c0 + g * 2, "
                + user.formatted("g") + ", " + day.formatted("g") + ", case when g % 3 = 0 then 'done' else 'open' end,"
                + " case when g % 3 = 0 then (" + day.formatted("g") + " + 2)::timestamptz end,"
                + " case when g % 3 = 0 then " + day.formatted("g") + " + 2 end from generate_series(0, 99999) g, b");
        db.execute(bases + "insert into referral (team_id, teammate_id, contact_id, direction, note, referred_on) select " + t + ", "
                + user.formatted("g") + ", b.c0 + g, (array['given', 'asked', 'received'])[1 + g % 3], 'Referral ' || g, "
                + day.formatted("g") + " from generate_series(0, 19999) g, b");
        db.execute("vacuum analyze"); // as autovacuum would have by then: visibility map set, statistics fresh
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return r -> {
            Thread t = new Thread(r, "digest-sections");
            t.setDaemon(true);
            return t;
        };
    }

    private static long heapAfterGc() {
        System.gc();
        return usedHeap();
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
