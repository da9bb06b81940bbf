package met.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import met.db.Database;
import met.testing.TestDatabase;
import met.testing.TestMet;
import met.workspace.WorkspaceRepository;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * met_captures saves most of a batch set-wise and only the captures that share a person one by one (V17). Whatever it
 * does, the batch must leave what saving the same captures one by one, in the same order, leaves: the same answers
 * (new or known, the name known by, who else met them) and the same rows. Random batches over a few people, keys and
 * teammates, so that the same person is captured twice in a batch, found by different keys, filled in and met by
 * several teammates; each seed saves the same batches into two pairs of teams of one database, one pair per way
 * (a batch holds both teams' captures, as the writer's batches do).
 */
class MetCapturesTest {
    private static final String[] FIRST = {"Dana", "Sam", "Priya", "Li", "Jo", "Ana"};
    private static final String[] LAST = {"Lee", "Ortiz", "Nair"};
    private static final String[] COMPANY = {null, "Acme", "Globex", "ACME Inc."};
    private static final String[] EVENT = {null, "DevConf", "Berlin JS", "devconf"};
    private static final String[] TEAMMATE = {"U0ANN", "U0BOB", "U0CAT"};
    private static final LocalDate DAY = LocalDate.of(2026, 11, 26);
    private static Database database;

    @BeforeAll
    static void open() {
        database = Database.open(TestDatabase.get().fresh(), new SimpleMeterRegistry());
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void aBatchLeavesWhatTheSameCapturesOneByOneLeave(int seed) {
        List<String> batched = List.of("T0SETB" + seed, "T1SETB" + seed), oneByOne = List.of("T0ONE" + seed, "T1ONE" + seed);
        for (String team : List.of(batched.get(0), batched.get(1), oneByOne.get(0), oneByOne.get(1))) {
            new WorkspaceRepository(database.dsl()).ensure(team, null);
        }
        Random rnd = new Random(seed);
        for (int round = 0; round < 8; round++) {
            List<Quick> batch = new ArrayList<>();
            for (int i = 1 + rnd.nextInt(16); i > 0; i--) {
                batch.add(quick(rnd, "seed " + seed + " round " + round + " capture " + i));
            }
            List<CaptureRepository.Captured> together = database.dsl().transactionResult(cfg ->
                    new CaptureRepository(cfg.dsl()).captureAll(batch.stream().map(q -> q.in(batched.get(q.team()))).toList()));
            List<CaptureRepository.Captured> alone = database.dsl().transactionResult(cfg -> {
                CaptureRepository repo = new CaptureRepository(cfg.dsl());
                return batch.stream().map(q -> repo.capture(q.in(oneByOne.get(q.team())))).toList();
            });

            for (int team = 0; team < 2; team++) {
                assertThat(answers(batched.get(team), batch, team, together)).as("answers, round %d, team %d", round, team)
                        .isEqualTo(answers(oneByOne.get(team), batch, team, alone));
                assertThat(rows(batched.get(team))).as("rows, round %d, team %d", round, team).isEqualTo(rows(oneByOne.get(team)));
            }
        }
    }

    /**
     * A person new before the batch whose key a concurrent save takes meanwhile (here: a transaction that added them and
     * commits while the batch waits on its key) is found, not added twice: that capture goes the one-by-one way.
     */
    @Test
    void aPersonAddedConcurrentlyIsFoundNotAddedTwice() throws Exception {
        String team = "T0RACE";
        new WorkspaceRepository(database.dsl()).ensure(team, null);
        Debrief.ContactEntry zed = new Debrief.ContactEntry("Zed Racer", "Raceco", null, null, null, null, null);
        Quick first = new Quick(0, "U0ANN", "first", null, EventKind.OTHER, DAY, zed);
        Quick second = new Quick(0, "U0BOB", "second", null, EventKind.OTHER, DAY, zed);
        Quick other = new Quick(0, "U0BOB", "other", null, EventKind.OTHER, DAY,
                new Debrief.ContactEntry("Yan Bystander", "Raceco", null, null, null, null, null));
        try (Connection holder = database.dataSource().getConnection()) {
            holder.setAutoCommit(false);
            CaptureRepository.Captured held = new CaptureRepository(DSL.using(holder, SQLDialect.POSTGRES)).capture(first.in(team));
            CompletableFuture<List<CaptureRepository.Captured>> batch = CompletableFuture.supplyAsync(() -> database.dsl()
                    .transactionResult(cfg -> new CaptureRepository(cfg.dsl()).captureAll(List.of(other.in(team), second.in(team)))));
            TestMet.await(Duration.ofSeconds(10), () -> database.dsl().fetchExists(DSL.selectOne()
                    .from("pg_stat_activity").where("wait_event_type = 'Lock' and query like '%met_captures%'")));
            holder.commit();

            List<CaptureRepository.Captured> saved = batch.get(10, TimeUnit.SECONDS);
            CaptureRepository.Met met = saved.get(1).met().orElseThrow();
            assertThat(met.isNew()).isFalse();
            assertThat(met.contactId()).isEqualTo(held.met().orElseThrow().contactId());
            assertThat(met.metBefore()).extracting(Saved.PriorMeeting::teammateId).containsExactly("U0ANN");
            assertThat(saved.get(0).met().orElseThrow().isNew()).isTrue();
        }
        assertThat(database.dsl().fetchValue("select count(*) from contact where team_id = ? and name = 'Zed Racer'", team)).isEqualTo(1L);
    }

    /** One capture, with the index of its team (0 or 1) instead of the team. */
    private record Quick(int team, String author, String rawText, String event, EventKind kind, LocalDate metOn, Debrief.ContactEntry entry) {
        CaptureRepository.QuickCapture in(String teamId) {
            return new CaptureRepository.QuickCapture(teamId, author, "quick", rawText, event, kind, metOn, entry, 3);
        }
    }

    private static Quick quick(Random rnd, String rawText) {
        String first = pick(rnd, FIRST), last = pick(rnd, LAST);
        Debrief.ContactEntry entry = rnd.nextInt(10) == 0 ? null : new Debrief.ContactEntry(first + " " + last, pick(rnd, COMPANY),
                rnd.nextBoolean() ? null : pick(rnd, new String[] {"CTO", "CEO", "Founder"}),
                // Mostly their own address, sometimes another person's, so that a key finds someone else.
                rnd.nextInt(3) == 0 ? (rnd.nextInt(4) == 0 ? pick(rnd, FIRST) : first).toLowerCase() + "@example.org" : null,
                rnd.nextInt(4) == 0 ? "https://www.linkedin.com/in/" + (rnd.nextInt(4) == 0 ? pick(rnd, LAST) : last).toLowerCase() : null,
                rnd.nextBoolean() ? "wants a pilot" : null,
                rnd.nextInt(3) == 0 ? DAY.plusDays(1 + rnd.nextInt(30)) : null);
        String event = pick(rnd, EVENT);
        return new Quick(rnd.nextInt(2), pick(rnd, TEAMMATE), rawText, event, EventKind.values()[rnd.nextInt(EventKind.values().length)],
                DAY.minusDays(rnd.nextInt(4)), entry);
    }

    private static <T> T pick(Random rnd, T[] values) {
        return values[rnd.nextInt(values.length)];
    }

    /** The answers to one team's captures, with ids replaced by what they stand for (ids differ between teams). */
    private static List<String> answers(String team, List<Quick> batch, int teamIndex, List<CaptureRepository.Captured> all) {
        List<CaptureRepository.Captured> captured = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i).team() == teamIndex) {
                captured.add(all.get(i));
            }
        }
        Map<Long, String> contacts = new HashMap<>();
        database.dsl().resultQuery("select id, name_key || '|' || company_key from contact where team_id = ?", team)
                .forEach(r -> contacts.put(r.get(0, Long.class), r.get(1, String.class)));
        Function<Long, String> meeting = id -> database.dsl()
                .fetchValue("select d.raw_text from meeting m join debrief d on d.team_id = m.team_id and d.id = m.debrief_id"
                        + " where m.team_id = ? and m.id = ?", team, id).toString();
        return captured.stream().map(c -> c.met().map(met -> "%s new=%s as=%s meeting=%s before=%s".formatted(
                contacts.get(met.contactId()), met.isNew(), met.knownAs(), meeting.apply(met.meetingId()), met.metBefore()))
                .orElse("nobody")).toList();
    }

    /** Every row the captures wrote, by what it says and points at, in one order. */
    private static List<String> rows(String team) {
        DSLContext db = database.dsl();
        List<String> rows = new ArrayList<>();
        db.resultQuery("select name, name_key, kind, held_on, created_by from event where team_id = ? order by name_key, held_on", team)
                .forEach(r -> rows.add("event " + r.intoList()));
        db.resultQuery("""
                select d.raw_text, e.name_key, d.author_id, d.source, d.met_on, d.ideas from debrief d
                left join event e on e.team_id = d.team_id and e.id = d.event_id
                where d.team_id = ? order by d.raw_text""", team).forEach(r -> rows.add("debrief " + r.intoList()));
        db.resultQuery("""
                select name, company, role, email, profile_url, name_key, company_key, email_key, profile_key, created_by,
                       first_met_on, last_touch_on, search_text
                from contact where team_id = ? order by company_key, name_key""", team).forEach(r -> rows.add("contact " + r.intoList()));
        db.resultQuery("""
                select d.raw_text, c.name_key, c.company_key, m.teammate_id, e.name_key, m.met_on, m.notes,
                       f.owner_id, f.due_on, f.status
                from meeting m
                join debrief d on d.team_id = m.team_id and d.id = m.debrief_id
                join contact c on c.team_id = m.team_id and c.id = m.contact_id
                left join event e on e.team_id = m.team_id and e.id = m.event_id
                left join follow_up f on f.team_id = m.team_id and f.meeting_id = m.id
                where m.team_id = ? order by d.raw_text""", team).forEach(r -> rows.add("meeting " + r.intoList()));
        rows.add("follow-ups " + db.fetchValue("select count(*) from follow_up where team_id = ?", team));
        return rows;
    }
}
