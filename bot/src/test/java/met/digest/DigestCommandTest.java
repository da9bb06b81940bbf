package met.digest;

import static met.db.jooq.Tables.DIGEST_SUBSCRIPTION;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import met.capture.CaptureService;
import met.capture.Debrief;
import met.capture.DebriefFormBlocks;
import met.capture.EventKind;
import met.followups.FollowUpBlocks;
import met.testing.FakeSlack;
import met.testing.MetClient.Reply;
import met.testing.MutableClock;
import met.testing.TestMet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /met subscribe, /met unsubscribe, /met digest and the digest's buttons, through signed requests. */
class DigestCommandTest {
    private static final String CHANNEL = "C0GENERAL"; // where SlackRequests types its commands
    private static final Instant NOW = Instant.parse("2026-11-25T20:00:00Z");
    private static MutableClock clock;
    private static TestMet met;
    private int answersBefore;

    /** One Met for the class; each test starts with the channel unsubscribed and as conversations.info shows it by default. */
    @BeforeAll
    static void start() {
        clock = new MutableClock(NOW);
        met = TestMet.start("DigestCommandTest", clock);
        met.slack().timeZone("UAPIA", "Pacific/Apia");
        met.slack().timeZone("UHNL", "Pacific/Honolulu");
    }

    @AfterAll
    static void stop() {
        met.close();
    }

    @BeforeEach
    void reset() {
        clock.set(NOW);
        met.db().deleteFrom(DIGEST_SUBSCRIPTION).execute();
        met.slack().channel(CHANNEL, new FakeSlack.Channel(false, true, false));
        answersBefore = met.slack().calls("response_url").size();
    }

    /** What Met answered through the response_url after the ack (the {@code n}th answer of this test). */
    private String answered(int n) {
        TestMet.await(Duration.ofSeconds(5), () -> met.slack().calls("response_url").size() >= answersBefore + n);
        return met.slack().calls("response_url").get(answersBefore + n - 1).args().get("text").getAsString();
    }

    private String answered() {
        return answered(1);
    }

    @Test
    void subscribingSaysWhenTheFirstDigestComesInTheSubscribersZone() {
        Reply ack = met.command("UAPIA", "subscribe");

        assertThat(ack.status()).isEqualTo(200);
        assertThat(answered()).contains("<#C0GENERAL> gets the team's monthly networking digest")
                .contains("*Tuesday 1 December 2026 at 9:00*").contains("Pacific/Apia").contains("covers November 2026");
        var row = met.db().selectFrom(DIGEST_SUBSCRIPTION).fetchSingle();
        assertThat(row.getTimeZone()).isEqualTo("Pacific/Apia");
        assertThat(row.getCadence()).isEqualTo("monthly");
        assertThat(row.getCreatedBy()).isEqualTo("UAPIA");
        List<FakeSlack.Call> infos = met.slack().calls("conversations.info");
        assertThat(infos.get(infos.size() - 1).arg("channel")).isEqualTo(CHANNEL);
    }

    @Test
    void aWeeklySubscriptionStartsOnMonday() {
        met.command("UHNL", "subscribe Weekly");

        assertThat(answered()).contains("weekly").contains("*Monday 30 November 2026 at 9:00*").contains("week of 23 Nov 2026");
        assertThat(met.db().select(DIGEST_SUBSCRIPTION.CADENCE).from(DIGEST_SUBSCRIPTION).fetchSingle(DIGEST_SUBSCRIPTION.CADENCE)).isEqualTo("weekly");
    }

    @Test
    void aPrivateChannelMetIsNotInGetsHowToInviteIt() {
        met.slack().failNext("conversations.info", FakeSlack.Answer.okFalse("channel_not_found"));

        met.command("UAPIA", "subscribe");

        assertThat(answered()).contains("/invite @Met").contains("/met subscribe");
        assertThat(met.db().fetchCount(DIGEST_SUBSCRIPTION)).isZero();
    }

    @Test
    void aPrivateChannelThatSaysMetIsNoMemberGetsHowToInviteItToo() {
        met.slack().channel(CHANNEL, new FakeSlack.Channel(true, false, false));

        met.command("UAPIA", "subscribe");

        assertThat(answered()).contains("/invite @Met");
        assertThat(met.db().fetchCount(DIGEST_SUBSCRIPTION)).isZero();
    }

    @Test
    void anArchivedChannelCannotBeSubscribed() {
        met.slack().channel(CHANNEL, new FakeSlack.Channel(false, false, true));

        met.command("UAPIA", "subscribe");

        assertThat(answered()).contains("archived");
        assertThat(met.db().fetchCount(DIGEST_SUBSCRIPTION)).isZero();
    }

    @Test
    void anUnknownCadenceGetsAHint() {
        Reply reply = met.command("UAPIA", "subscribe daily");

        assertThat(reply.json().get("text").getAsString()).contains("/met subscribe weekly");
        assertThat(met.db().fetchCount(DIGEST_SUBSCRIPTION)).isZero();
    }

    @Test
    void subscribingAgainResumesAPausedSubscription() {
        met.command("UAPIA", "subscribe");
        answered();
        new SubscriptionRepository(met.db()).pause(FakeSlack.TEAM_ID, CHANNEL, "not_in_channel");

        met.command("UHNL", "subscribe");

        assertThat(answered(2)).startsWith(":incoming_envelope: Updated:").contains("Pacific/Honolulu");
        var row = met.db().selectFrom(DIGEST_SUBSCRIPTION).fetchSingle();
        assertThat(row.getStatus()).isEqualTo("active");
        assertThat(row.getPausedReason()).isNull();
        assertThat(row.getCreatedBy()).isEqualTo("UHNL");
    }

    @Test
    void unsubscribeStopsTheDigestAndSaysSoWhenThereWasNone() {
        met.command("UAPIA", "subscribe");
        answered();

        assertThat(met.command("UAPIA", "unsubscribe").json().get("text").getAsString()).contains("won't get the networking digest");
        assertThat(met.db().fetchCount(DIGEST_SUBSCRIPTION)).isZero();
        assertThat(met.command("UAPIA", "unsubscribe").json().get("text").getAsString()).contains("isn't subscribed");
    }

    @Test
    void metDigestShowsThePeriodSoFarOnlyToWhoeverAsked() {
        new met.workspace.WorkspaceRepository(met.db()).ensure(FakeSlack.TEAM_ID, null);
        new CaptureService(met.db()).create(FakeSlack.TEAM_ID, "UAPIA", new Debrief("DevConf", LocalDate.of(2026, 11, 20), EventKind.CONFERENCE,
                List.of(), List.of(new Debrief.ContactEntry("Dana <!channel>", "Acme", null, null, null, null, null)), null, List.of(), List.of()),
                CaptureService.Source.FORM, null);

        Reply reply = met.command("UHNL", "digest");
        Reply preview = met.command("UHNL", "digest preview");

        assertThat(reply.json().get("response_type").getAsString()).isEqualTo("ephemeral");
        String blocks = reply.json().get("blocks").toString();
        assertThat(blocks).contains("November 2026").contains("So far: 1 Nov – 25 Nov 2026").contains("DevConf")
                .contains(DigestBlocks.LOG_DEBRIEF_ACTION).contains(DigestBlocks.FOLLOWUPS_ACTION).doesNotContain("in the thread");
        assertThat(preview.json().get("blocks").toString()).contains("So far: 1 Nov – 25 Nov 2026");
        assertThat(met.command("UHNL", "digest weekly").json().get("blocks").toString()).contains("week of 23 Nov 2026");
        assertThat(met.command("UHNL", "digest yearly").json().get("text").getAsString()).contains("/met digest");
    }

    @Test
    void logADebriefOnTheDigestOpensTheEmptyForm() {
        int opened = met.slack().calls("views.open").size();

        Reply reply = met.post(met.requests().blockAction("UAPIA", DigestBlocks.LOG_DEBRIEF_ACTION, DigestBlocks.ACTIONS_BLOCK, "digest", null));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(met.slack().calls("views.open")).hasSize(opened + 1);
        var view = JsonParser.parseString(met.slack().calls("views.open").get(opened).arg("view")).getAsJsonObject();
        assertThat(view.get("callback_id").getAsString()).isEqualTo(DebriefFormBlocks.CALLBACK_ID);
        assertThat(view.get("private_metadata").getAsString()).contains(CHANNEL);
    }

    @Test
    void myFollowUpsOnTheDigestAnswersOnlyTheOneWhoClicked() {
        met.command("UAPIA", "Fay Follow, Folco — follow up tomorrow");

        met.post(met.requests().blockAction("UAPIA", DigestBlocks.FOLLOWUPS_ACTION, DigestBlocks.ACTIONS_BLOCK, "digest", null));

        TestMet.await(Duration.ofSeconds(5), () -> met.slack().calls("response_url").size() > answersBefore);
        FakeSlack.Call answer = met.slack().calls("response_url").get(answersBefore);
        assertThat(answer.args().get("response_type").getAsString()).isEqualTo("ephemeral");
        assertThat(answer.args().get("replace_original").getAsBoolean()).isFalse();
        assertThat(answer.args().toString()).contains("Fay Follow").contains(FollowUpBlocks.DONE_ACTION);
    }
}
