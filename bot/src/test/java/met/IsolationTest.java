package met;

import static met.db.jooq.Tables.CONTACT;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.time.Instant;
import met.capture.CaptureBlocks;
import met.testing.FakeSlack;
import met.testing.MetClient.Reply;
import met.testing.MutableClock;
import met.testing.SlackRequests;
import met.testing.TestMet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No command, view, reminder or list ever shows one workspace's data to another — also for two teams of one
 * Enterprise Grid org. Every team below meets a person of the same name at the same company.
 */
class IsolationTest {
    private static final String SECRET_NOTE = "team-a-only-secret-note";
    private static MutableClock clock;
    private static TestMet met;
    private static SlackRequests teamA;
    private static SlackRequests teamB;
    private static SlackRequests gridTeam1;
    private static SlackRequests gridTeam2;

    @BeforeAll
    static void start() {
        clock = new MutableClock(Instant.parse("2026-11-25T20:00:00Z"));
        met = TestMet.start("IsolationTest", clock);
        teamA = new SlackRequests(TestMet.SIGNING_SECRET, "TAAAA", met.slack()::responseUrl);
        teamB = new SlackRequests(TestMet.SIGNING_SECRET, "TBBBB", met.slack()::responseUrl);
        gridTeam1 = new SlackRequests(TestMet.SIGNING_SECRET, "TGRID1", met.slack()::responseUrl);
        gridTeam2 = new SlackRequests(TestMet.SIGNING_SECRET, "TGRID2", met.slack()::responseUrl);
        met.post(teamA.slashCommand("UA1", "Dana Lee, Acme @ SecretConf — " + SECRET_NOTE + "; follow up tomorrow"));
        met.post(gridTeam1.slashCommand("UG1", "Dana Lee, Acme @ GridConf — grid-one-note; follow up tomorrow"));
    }

    @AfterAll
    static void stop() {
        met.close();
    }

    private static String all(Reply reply) {
        return reply.body();
    }

    @Test
    void capturingThePersonAnotherWorkspaceKnowsRevealsNothingOfThem() {
        Reply b = met.post(teamB.slashCommand("UB1", "Dana Lee, Acme"));
        Reply grid2 = met.post(gridTeam2.slashCommand("UG2", "Dana Lee, Acme"));

        for (Reply reply : new Reply[] {b, grid2}) {
            assertThat(all(reply)).contains("new to the team").doesNotContain("UA1").doesNotContain("UG1")
                    .doesNotContain("SecretConf").doesNotContain("GridConf").doesNotContain("warm introduction");
        }
    }

    @Test
    void followUpsColdContactsAndRemindersStayInTheirWorkspace() {
        assertThat(all(met.post(teamB.slashCommand("UA1", "followups")))).contains("No follow-ups").doesNotContain("Dana");
        assertThat(all(met.post(gridTeam2.slashCommand("UG1", "followups")))).contains("No follow-ups").doesNotContain("Dana");

        clock.set(Instant.parse("2027-06-01T17:00:00Z"));
        assertThat(all(met.post(teamB.slashCommand("UB9", "cold")))).doesNotContain(SECRET_NOTE).doesNotContain("UA1");
        met.met().reminders().runOnce();
        for (FakeSlack.Call dm : met.slack().calls("chat.postMessage")) {
            if ("UA1".equals(dm.arg("channel"))) {
                assertThat(dm.arg("blocks")).contains("SecretConf").doesNotContain("GridConf");
            }
            if ("UG1".equals(dm.arg("channel"))) {
                assertThat(dm.arg("blocks")).contains("GridConf").doesNotContain("SecretConf").doesNotContain(SECRET_NOTE);
            }
        }
        clock.set(Instant.parse("2026-11-25T20:00:00Z"));
    }

    @Test
    void theAppHomeShowsOnlyTheTeamsOwnMemory() {
        JsonObject opened = new JsonObject();
        opened.addProperty("type", "app_home_opened");
        opened.addProperty("user", "UA1"); // the same user id in another workspace is another person
        opened.addProperty("tab", "home");
        opened.addProperty("event_ts", "1.2");

        met.post(teamB.event("EvIsolation", opened));

        TestMet.await(Duration.ofSeconds(5), () -> !met.slack().calls("views.publish").isEmpty());
        String home = met.slack().calls("views.publish").get(0).arg("view");
        assertThat(home).doesNotContain("*Dana Lee*").doesNotContain("SecretConf").contains("Nobody yet");
    }

    @Test
    void buttonsCarryingAnotherWorkspacesIdsFindNothing() {
        Reply saved = met.post(teamA.slashCommand("UA1", "Ivy Isolated, Ivyco"));
        String debriefId = saved.json().getAsJsonArray("blocks").asList().stream().map(e -> e.getAsJsonObject())
                .filter(b -> b.get("type").getAsString().equals("actions")).findFirst().orElseThrow()
                .getAsJsonArray("elements").get(0).getAsJsonObject().get("value").getAsString();

        met.post(teamB.blockAction("UA1", CaptureBlocks.UNDO_ACTION, debriefId));

        TestMet.await(Duration.ofSeconds(5), () -> met.slack().calls("response_url").stream().anyMatch(c -> c.args().toString().contains("no longer there")));
        assertThat(met.db().fetchCount(CONTACT, CONTACT.NAME.eq("Ivy Isolated"))).isEqualTo(1);
    }
}
