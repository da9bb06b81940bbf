package met.digest;

import ch.qos.logback.classic.Level;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import met.Config;
import met.db.Database;
import met.slack.SlackApi;
import met.slack.SlackApp;
import met.team.TeamStats;
import met.testing.FakeSlack;
import met.testing.MutableClock;
import met.testing.TestDatabase;
import met.testing.TestMet;
import met.workspace.Workspaces;
import org.jooq.DSLContext;
import org.slf4j.LoggerFactory;

/**
 * The first of the month for 1,000 workspaces: one dispatcher pass builds and posts each one's November digest, with
 * its chart, to the fake Slack API over HTTP, wired as Met wires it. Prints the pass's total time and the time per
 * workspace. Not a test: run
 *
 *   mvn -B -q -pl bot test-compile exec:java -Dexec.mainClass=met.digest.DigestFanOutBenchmark -Dexec.classpathScope=test
 */
public final class DigestFanOutBenchmark {
    private static final int WORKSPACES = 1000;
    private static final String[] ZONES = {"UTC", "Pacific/Apia", "Pacific/Honolulu", "Europe/Paris", "Asia/Tokyo", "America/New_York"};

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        System.setProperty("met.payloads.dir", Files.createTempDirectory("met-fan-out").toString()); // 1,000 messages: not into target/
        Config.Database database = TestDatabase.get().fresh();
        MutableClock clock = new MutableClock(Instant.parse("2026-12-02T00:00:00Z")); // 9:00 on 1 December has passed everywhere
        ExecutorService sections = Executors.newFixedThreadPool(DigestService.SECTIONS_IN_PARALLEL); // as Met has it
        try (FakeSlack slack = FakeSlack.start("DigestFanOutBenchmark");
             Database db = Database.open(database, new SimpleMeterRegistry())) {
            long seeding = System.nanoTime();
            seed(db.dsl());
            System.out.printf("seeded %,d workspaces (8 teammates, 6 events, 30 people, 60 meetings and a subscribed channel each) in %.1f s%n",
                    WORKSPACES, (System.nanoTime() - seeding) / 1e9);

            Config config = TestMet.config(slack, database);
            SlackApi api = SlackApp.singleWorkspace(SlackApp.slack(config.slack()), config.slack());
            // As Met wires it: digests on the background connections, the zones through the requests' ones.
            DigestService digests = new DigestService(db.background(), new TeamStats(db.background()), sections);
            try (DigestDispatcher dispatcher = new DigestDispatcher(db.background(), new DigestSender(db.background(), digests, api, clock),
                    new Workspaces(db.dsl(), api, clock), clock)) {
                DigestDispatcher.Pass pass = dispatcher.runPass();

                List<Double> ms = new ArrayList<>(pass.perWorkspace().stream().map(d -> d.toNanos() / 1e6).toList());
                Collections.sort(ms);
                System.out.printf("%npass: %,d digests due in %,d workspaces, %,d posted in %.1f s (target: under 60 s), %.0f workspaces/s,"
                                + " %d side by side%n", pass.due(), ms.size(), pass.sent(), pass.took().toMillis() / 1e3,
                        ms.size() / (pass.took().toNanos() / 1e9), DigestDispatcher.PARALLELISM);
                System.out.printf("per workspace (build, post, chart upload): median %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                        at(ms, 0.5), at(ms, 0.9), at(ms, 0.99), ms.get(ms.size() - 1));
                System.out.printf("Slack calls: %,d chat.postMessage, %,d files.getUploadURLExternal, %,d uploads, %,d files.completeUploadExternal,"
                                + " %,d auth.test%n", slack.calls("chat.postMessage").size(), slack.calls("files.getUploadURLExternal").size(),
                        slack.uploads().size(), slack.calls("files.completeUploadExternal").size(), slack.calls("auth.test").size());
                long started = System.nanoTime();
                DigestDispatcher.Pass again = dispatcher.runPass();
                System.out.printf("a second pass right after: %d due, %d posted, %.0f ms%n", again.due(), again.sent(),
                        (System.nanoTime() - started) / 1e6);
            }
        } finally {
            sections.shutdown();
        }
    }

    private static double at(List<Double> sorted, double quantile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(quantile * sorted.size())));
    }

    /** Set-based; rows refer to each other by their natural keys (names, and the debrief's raw text). */
    static void seed(DSLContext db) {
        String team = "'TF' || lpad(t::text, 4, '0')";
        String teams = "generate_series(1, " + WORKSPACES + ") t";
        db.execute("insert into workspace (team_id, name, time_zone) select " + team + ", 'Workspace ' || t, 'UTC' from " + teams);
        db.execute("insert into member (team_id, user_id, display_name, time_zone) select " + team + ", 'U' || m, 'Teammate ' || m, 'UTC' from "
                + teams + ", generate_series(1, 8) m");
        db.execute("insert into event (team_id, name, name_key, kind, held_on, created_by) select " + team + ", 'Event ' || e, 'event ' || e,"
                + " 'meetup', date '2026-10-01' + (e * 11) % 61, 'U1' from " + teams + ", generate_series(0, 5) e");
        db.execute("insert into contact (team_id, name, company, name_key, company_key, created_by) select " + team + ", 'Person ' || c,"
                + " 'Company ' || (c % 7), 'person ' || c, 'company ' || (c % 7), 'U1' from " + teams + ", generate_series(0, 29) c");
        db.execute("insert into debrief (team_id, event_id, author_id, source, met_on, ideas, raw_text) select e.team_id, e.id, 'U' || (1 + d % 8),"
                + " 'form', e.held_on, case when d % 3 = 0 then 'Idea ' || d end, 'seed ' || d from generate_series(0, 11) d"
                + " join event e on e.name_key = 'event ' || (d % 6)");
        db.execute("insert into meeting (team_id, contact_id, teammate_id, debrief_id, event_id, met_on) select d.team_id, c.id, d.author_id, d.id,"
                + " d.event_id, d.met_on from debrief d cross join generate_series(0, 4) k"
                + " join contact c on c.team_id = d.team_id and c.name_key = 'person ' || ((substr(d.raw_text, 6)::int * 5 + k) % 30)");
        db.execute("update contact c set first_met_on = m.first, last_touch_on = m.last from (select team_id, contact_id, min(met_on) as first,"
                + " max(met_on) as last from meeting group by team_id, contact_id) m where c.team_id = m.team_id and c.id = m.contact_id");
        StringBuilder zones = new StringBuilder("(array[");
        for (int i = 0; i < ZONES.length; i++) {
            zones.append(i == 0 ? "" : ", ").append('\'').append(ZONES[i]).append('\'');
        }
        zones.append("])[1 + t % ").append(ZONES.length).append(']');
        db.execute("insert into digest_subscription (team_id, channel_id, cadence, time_zone, created_by, created_at) select " + team
                + ", 'C' || lpad(t::text, 4, '0'), 'monthly', " + zones + ", 'U1', timestamptz '2026-11-15 12:00:00+00' from " + teams);
        db.execute("analyze");
    }
}
