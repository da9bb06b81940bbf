package met.capture;

import static met.db.jooq.Tables.CONTACT;
import static met.db.jooq.Tables.DEBRIEF;
import static met.db.jooq.Tables.EVENT;
import static met.db.jooq.Tables.FOLLOW_UP;
import static met.db.jooq.Tables.MEETING;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import met.Config;
import met.db.EmbeddedPostgresServer;
import met.testing.FakeSlack;
import met.testing.MetClient.Reply;
import met.testing.TestMet;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quick capture through signed slash commands, with Met's real database and a fake Slack API. */
class CaptureTest {
    /** 20:00 UTC: already tomorrow in Tokyo, still midday in Los Angeles. */
    private static final Instant NOW = Instant.parse("2026-11-25T20:00:00Z");
    private static TestMet met;

    @BeforeAll
    static void start() {
        met = TestMet.start("CaptureTest", Clock.fixed(NOW, ZoneOffset.UTC));
        met.slack().timeZone("UTOKYO", "Asia/Tokyo");
        met.slack().timeZone("ULA", "America/Los_Angeles");
    }

    @AfterAll
    static void stop() {
        met.close();
    }

    private static DSLContext db() {
        return met.db();
    }

    private static String text(Reply reply) {
        JsonObject json = reply.json();
        return json.get("text").getAsString() + (json.has("blocks") ? json.get("blocks").toString() : "");
    }

    @Test
    void aClearCaptureIsSavedAndTheAckShowsExactlyWhatWasSavedWithEditUndoAndAddDetails() {
        Reply reply = met.command("ULA", "Dana Lee, Acme Robotics, CTO @ DevConf 2026 — wants an API pilot; follow up in 2 weeks");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("response_type").getAsString()).isEqualTo("ephemeral");
        assertThat(text(reply)).contains("Dana Lee").contains("Acme Robotics").contains("CTO").contains("DevConf 2026")
                .contains("wants an API pilot").contains("Follow up on Wed 9 Dec 2026")
                .contains(CaptureBlocks.EDIT_ACTION).contains(CaptureBlocks.UNDO_ACTION).contains(CaptureBlocks.DETAILS_ACTION);
        var contact = db().selectFrom(CONTACT).where(CONTACT.TEAM_ID.eq(FakeSlack.TEAM_ID), CONTACT.NAME.eq("Dana Lee")).fetchSingle();
        assertThat(contact.getCompany()).isEqualTo("Acme Robotics");
        assertThat(contact.getRole()).isEqualTo("CTO");
        var meeting = db().selectFrom(MEETING).where(MEETING.CONTACT_ID.eq(contact.getId())).fetchSingle();
        assertThat(meeting.getTeammateId()).isEqualTo("ULA");
        assertThat(meeting.getNotes()).isEqualTo("wants an API pilot");
        assertThat(meeting.getMetOn()).isEqualTo(LocalDate.of(2026, 11, 25));
        assertThat(db().selectFrom(EVENT).where(EVENT.ID.eq(meeting.getEventId())).fetchSingle().getName()).isEqualTo("DevConf 2026");
        assertThat(db().selectFrom(FOLLOW_UP).where(FOLLOW_UP.MEETING_ID.eq(meeting.getId())).fetchSingle().getDueOn())
                .isEqualTo(LocalDate.of(2026, 12, 9));
        assertThat(db().selectFrom(DEBRIEF).where(DEBRIEF.ID.eq(meeting.getDebriefId())).fetchSingle().getRawText())
                .startsWith("Dana Lee, Acme Robotics");
    }

    @Test
    void datesAreCountedInTheTeammatesOwnTimeZone() {
        met.command("UTOKYO", "Kenji Sato, Sony — follow up tomorrow");
        met.command("ULA", "Kenji Sato, Sony — follow up tomorrow");

        List<LocalDate> due = db().select(FOLLOW_UP.DUE_ON).from(FOLLOW_UP).join(CONTACT).on(CONTACT.ID.eq(FOLLOW_UP.CONTACT_ID))
                .where(CONTACT.NAME.eq("Kenji Sato")).orderBy(FOLLOW_UP.OWNER_ID).fetch(FOLLOW_UP.DUE_ON);
        assertThat(due).containsExactly(LocalDate.of(2026, 11, 26), LocalDate.of(2026, 11, 27)); // ULA, UTOKYO
    }

    @Test
    void theSamePersonMetByTwoTeammatesIsOneContactAndTheSecondHearsWhoCanIntroduceThem() {
        met.command("U1", "José Núñez, Globex @ RubyConf");

        Reply second = met.command("U2", "jose  NUNEZ, GLOBEX, Inc. — met again at the booth");

        assertThat(db().fetchCount(CONTACT, CONTACT.NAME_KEY.eq("jose nunez"))).isEqualTo(1);
        long contactId = db().select(CONTACT.ID).from(CONTACT).where(CONTACT.NAME_KEY.eq("jose nunez")).fetchSingle(CONTACT.ID);
        assertThat(db().fetchCount(MEETING, MEETING.CONTACT_ID.eq(contactId))).isEqualTo(2);
        assertThat(text(second)).contains("<@U1> met José at RubyConf").contains("warm introduction");
    }

    @Test
    void aLaterCaptureFillsWhatTheTeamDidNotKnowAboutSomeoneAndOverwritesNothing() {
        Reply first = met.command("U1", "Gina Gap, Fillco");
        Reply second = met.command("U2", "Gina Gap gina@fill.example, Fillco, COO");
        met.command("U3", "Gina Gap g.gap@other.example, Fillco, Intern");

        var contact = db().selectFrom(CONTACT).where(CONTACT.NAME_KEY.eq("gina gap")).fetchSingle();
        assertThat(contact.getRole()).isEqualTo("COO");
        assertThat(contact.getEmail()).isEqualTo("gina@fill.example");
        assertThat(db().fetchCount(MEETING, MEETING.CONTACT_ID.eq(contact.getId()))).isEqualTo(3);
        assertThat(text(first)).contains("new to the team").doesNotContain("warm introduction");
        assertThat(text(second)).contains("<@U1> met Gina").contains("warm introduction");
    }

    @Test
    void theSamePersonIsFoundByEmailOrProfileWhateverTheName() {
        met.command("U1", "Robert Paulson rp@paper.example, Paper Street");
        met.command("U2", "Bob Paulson <mailto:RP@Paper.Example|RP@Paper.Example>");
        met.command("U1", "Marla Singer https://www.linkedin.com/in/marla/");
        met.command("U3", "M. Singer http://linkedin.com/in/marla");

        assertThat(db().fetchCount(CONTACT, CONTACT.EMAIL_KEY.eq("rp@paper.example"))).isEqualTo(1);
        assertThat(db().fetchCount(CONTACT, CONTACT.PROFILE_KEY.eq("linkedin.com/in/marla"))).isEqualTo(1);
    }

    @Test
    void anEmailOutranksAProfileWhichOutranksANamesakeAtTheSameCompany() {
        met.command("U1", "Alex Rank alex@rank.example, Rankco");
        met.command("U1", "Alex Rank, Otherco");
        met.command("U1", "Blair Rank https://www.linkedin.com/in/blair-rank/, Rankco");
        met.command("U1", "Blair Rank, Thirdco");

        met.command("U2", "Alex Rank alex@rank.example, Otherco");
        met.command("U2", "Blair Rank http://linkedin.com/in/blair-rank, Thirdco");

        var byEmail = db().selectFrom(CONTACT).where(CONTACT.EMAIL_KEY.eq("alex@rank.example")).fetchSingle();
        var namesake = db().selectFrom(CONTACT).where(CONTACT.NAME_KEY.eq("alex rank"), CONTACT.COMPANY_KEY.eq("otherco")).fetchSingle();
        assertThat(db().fetchCount(MEETING, MEETING.CONTACT_ID.eq(byEmail.getId()))).isEqualTo(2);
        assertThat(db().fetchCount(MEETING, MEETING.CONTACT_ID.eq(namesake.getId()))).isEqualTo(1);
        var byProfile = db().selectFrom(CONTACT).where(CONTACT.PROFILE_KEY.eq("linkedin.com/in/blair-rank")).fetchSingle();
        var profileNamesake = db().selectFrom(CONTACT).where(CONTACT.NAME_KEY.eq("blair rank"), CONTACT.COMPANY_KEY.eq("thirdco")).fetchSingle();
        assertThat(db().fetchCount(MEETING, MEETING.CONTACT_ID.eq(byProfile.getId()))).isEqualTo(2);
        assertThat(db().fetchCount(MEETING, MEETING.CONTACT_ID.eq(profileNamesake.getId()))).isEqualTo(1);
    }

    @Test
    void theSameEventLoggedByTwoTeammatesIsOneEvent() {
        met.command("U1", "Ann Lee @ Chamber Breakfast");
        met.command("U2", "Bo Chan @ chamber  breakfast");

        assertThat(db().fetchCount(EVENT, EVENT.NAME_KEY.eq("chamber breakfast"))).isEqualTo(1);
    }

    @Test
    void whatAUserTypedIsShownAsTextAndPingsNobody() {
        Reply reply = met.command("U1", "Eve <!channel> Hacker, <@U999> & Co — <https://evil.example|click me> <!here>");

        String shown = text(reply);
        assertThat(shown).doesNotContain("<!channel>").doesNotContain("<!here>").doesNotContain("<@U999>");
    }

    @Test
    void textThatCannotBeReadWithConfidenceOpensTheFormPrefilledInsteadOfGuessing() {
        int before = met.slack().calls("views.open").size();

        Reply reply = met.command("U1", "Acme — someone from their sales team, follow up in a fortnight");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("text").getAsString()).contains("opened the debrief form");
        List<FakeSlack.Call> opened = met.slack().calls("views.open");
        assertThat(opened).hasSize(before + 1);
        String view = opened.get(opened.size() - 1).arg("view");
        assertThat(view).contains("someone from their sales team").contains("fortnight").contains(DebriefFormBlocks.CALLBACK_ID);
    }

    @Test
    void metAloneOpensAnEmptyDebriefFormWithTodayInTheUsersZone() {
        int before = met.slack().calls("views.open").size();

        Reply reply = met.command("UTOKYO", "");

        assertThat(reply.status()).isEqualTo(200);
        List<FakeSlack.Call> opened = met.slack().calls("views.open");
        assertThat(opened).hasSize(before + 1);
        assertThat(opened.get(opened.size() - 1).arg("view")).contains("2026-11-26");
        assertThat(opened.get(opened.size() - 1).arg("trigger_id")).startsWith("1.2.trigger-");
    }

    @Test
    void whenSlackWillNotOpenTheFormTheUserGetsTheirWordsBack() {
        met.slack().failNext("views.open", FakeSlack.Answer.okFalse("expired_trigger_id"));

        Reply reply = met.command("U1", "");

        assertThat(reply.json().get("text").getAsString()).contains("couldn't open the debrief form").contains("/met");
    }

    @Test
    void aCaptureDuringADatabaseOutageIsAnsweredInTimeWithTheUsersWordsAndSavedOnceItIsBack(@TempDir Path dir) {
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir, 0);
        int port = pg.port();
        Config.Database database = new Config.Database(Optional.of(pg.jdbcUrl()), Optional.empty(), Optional.empty(), dir);
        String typed = "Otto Age, Downtime Ltd @ OutageConf — call back; follow up in 2 weeks";
        try (TestMet outage = TestMet.start("CaptureOutageTest", Clock.fixed(NOW, ZoneOffset.UTC), database)) {
            assertThat(outage.command("ULA", "Before Stop, Upco").json().get("text").getAsString()).startsWith("Saved");
            pg.close();

            Reply reply = outage.command("ULA", typed);

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.millis()).as("Slack's 3 seconds").isLessThan(3000);
            assertThat(reply.json().get("response_type").getAsString()).isEqualTo("ephemeral");
            assertThat(reply.json().get("text").getAsString()).contains("couldn't reach its database").contains("not saved")
                    .contains(typed);

            pg = EmbeddedPostgresServer.start(dir, port);
            TestMet.await(Duration.ofSeconds(10), () -> outage.client().get("/readyz").status() == 200);
            assertThat(outage.command("ULA", typed).json().get("text").getAsString()).startsWith("Saved");
            assertThat(outage.db().fetchCount(CONTACT, CONTACT.NAME.eq("Otto Age"))).isEqualTo(1);
        } finally {
            pg.close();
        }
    }

    @Test
    void whenEveryDatabaseConnectionIsBusyTheCaptureIsAnsweredInTimeAsBusyWithTheUsersWords() throws Exception {
        String typed = "Bea Busy, Rush Hour Inc — send the deck";
        List<java.sql.Connection> held = new java.util.ArrayList<>();
        try {
            javax.sql.DataSource pool = met.met().database().dataSource();
            for (int i = 0; i < met.met().database().requestConnections(); i++) { // every connection in use by someone else
                held.add(pool.getConnection());
            }

            Reply reply = met.command("UBUSY", typed);

            assertThat(reply.millis()).as("Slack's 3 seconds").isLessThan(3000);
            assertThat(reply.json().get("text").getAsString()).contains("very busy").contains("nothing was saved").contains(typed)
                    .doesNotContain("couldn't reach its database");
        } finally {
            for (java.sql.Connection c : held) {
                c.close();
            }
        }
        assertThat(met.command("UBUSY", typed).json().get("text").getAsString()).startsWith("Saved");
        assertThat(met.db().fetchCount(CONTACT, CONTACT.NAME.eq("Bea Busy"))).isEqualTo(1);
    }

    @Test
    void undoRemovesWhatTheCaptureCreatedButOnlyForItsAuthor() {
        Reply saved = met.command("U1", "Una Doe, Tempco — follow up tomorrow");
        String debriefId = debriefIdOf(saved);

        Reply refused = met.post(met.requests().blockAction("U2", CaptureBlocks.UNDO_ACTION, debriefId));
        assertThat(refused.status()).isEqualTo(200);
        TestMet.await(Duration.ofSeconds(5), () -> lastResponse().contains("Only <@U1>"));
        assertThat(db().fetchCount(CONTACT, CONTACT.NAME.eq("Una Doe"))).isEqualTo(1);

        Reply undone = met.post(met.requests().blockAction("U1", CaptureBlocks.UNDO_ACTION, debriefId));
        assertThat(undone.status()).isEqualTo(200);
        TestMet.await(Duration.ofSeconds(5), () -> lastResponse().contains("Undone"));
        assertThat(db().fetchCount(CONTACT, CONTACT.NAME.eq("Una Doe"))).isZero();
        assertThat(db().fetchCount(DEBRIEF, DEBRIEF.ID.eq(Long.parseLong(debriefId)))).isZero();
    }

    @Test
    void undoKeepsAPersonThatAnotherTeammateAlsoMet() {
        met.command("U1", "Shared Person, Keepco");
        Reply mine = met.command("U2", "Shared Person, Keepco");

        met.post(met.requests().blockAction("U2", CaptureBlocks.UNDO_ACTION, debriefIdOf(mine)));

        long contactId = db().select(CONTACT.ID).from(CONTACT).where(CONTACT.NAME.eq("Shared Person")).fetchSingle(CONTACT.ID);
        assertThat(db().fetchCount(MEETING, MEETING.CONTACT_ID.eq(contactId))).isEqualTo(1);
    }

    @Test
    void editOpensTheFormOnTheDebriefForItsAuthorOnly() {
        Reply saved = met.command("U1", "Edith Editable, Editco, CEO @ EditConf — notes here");
        String debriefId = debriefIdOf(saved);
        int before = met.slack().calls("views.open").size();

        met.post(met.requests().blockAction("U1", CaptureBlocks.EDIT_ACTION, debriefId));

        List<FakeSlack.Call> opened = met.slack().calls("views.open");
        assertThat(opened).hasSize(before + 1);
        JsonObject view = JsonParser.parseString(opened.get(opened.size() - 1).arg("view")).getAsJsonObject();
        assertThat(view.toString()).contains("Edith Editable").contains("EditConf").contains("notes here");
        assertThat(FormMetadata.fromJson(view.get("private_metadata").getAsString()).editingDebriefId()).isEqualTo(Long.parseLong(debriefId));

        met.post(met.requests().blockAction("U2", CaptureBlocks.EDIT_ACTION, debriefId));
        assertThat(met.slack().calls("views.open")).hasSize(before + 1);
        TestMet.await(Duration.ofSeconds(5), () -> lastResponse().contains("Only <@U1>"));
    }

    @Test
    void aStaleOrForgedButtonValueIsAnsweredCalmly() {
        Reply reply = met.post(met.requests().blockAction("U1", CaptureBlocks.UNDO_ACTION, "not-a-number"));

        assertThat(reply.status()).isEqualTo(200);
        TestMet.await(Duration.ofSeconds(5), () -> lastResponse().contains("no longer there"));
    }

    @Test
    void fiftyTeammatesCapturingTheSameNewPersonAtOnceMakeOneContactAndFiftyMeetings() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Reply>> replies = new java.util.ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String user = "UCONC" + i;
                replies.add(pool.submit(() -> met.command(user, "Popular Person, Famous Co, CEO @ Big Summit")));
            }
            for (Future<Reply> reply : replies) {
                assertThat(reply.get().status()).isEqualTo(200);
                assertThat(reply.get().json().get("text").getAsString()).startsWith("Saved");
            }
        } finally {
            pool.shutdown();
        }

        assertThat(db().fetchCount(CONTACT, CONTACT.NAME_KEY.eq("popular person"))).isEqualTo(1);
        long contactId = db().select(CONTACT.ID).from(CONTACT).where(CONTACT.NAME_KEY.eq("popular person")).fetchSingle(CONTACT.ID);
        assertThat(db().fetchCount(MEETING, MEETING.CONTACT_ID.eq(contactId))).isEqualTo(50);
        assertThat(db().fetchCount(EVENT, EVENT.NAME_KEY.eq("big summit"))).isEqualTo(1);
    }

    private static String debriefIdOf(Reply reply) {
        JsonObject actions = null;
        for (var block : reply.json().getAsJsonArray("blocks")) {
            if (block.getAsJsonObject().get("type").getAsString().equals("actions")) {
                actions = block.getAsJsonObject();
            }
        }
        assertThat(actions).as("an actions block in %s", reply.body()).isNotNull();
        return actions.getAsJsonArray("elements").get(0).getAsJsonObject().get("value").getAsString();
    }

    private static String lastResponse() {
        List<FakeSlack.Call> calls = met.slack().calls("response_url");
        return calls.isEmpty() ? "" : calls.get(calls.size() - 1).args().toString();
    }
}
