package met.home;

import static met.db.jooq.Tables.FOLLOW_UP;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import met.followups.FollowUpBlocks;
import met.testing.FakeSlack;
import met.testing.MetClient.Reply;
import met.testing.MutableClock;
import met.testing.TestMet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HomeTabTest {
    private MutableClock clock;
    private TestMet met;

    @BeforeEach
    void start() {
        clock = new MutableClock(Instant.parse("2026-11-25T20:00:00Z"));
        met = TestMet.start("HomeTabTest", clock);
    }

    @AfterEach
    void stop() {
        met.close();
    }

    private static JsonObject homeOpened(String user, String tab) {
        JsonObject event = new JsonObject();
        event.addProperty("type", "app_home_opened");
        event.addProperty("user", user);
        event.addProperty("channel", "D0HOME");
        event.addProperty("tab", tab);
        event.addProperty("event_ts", "1764100800.000100");
        return event;
    }

    private List<FakeSlack.Call> publishes() {
        return met.slack().calls("views.publish");
    }

    @Test
    void openingTheHomePublishesMyFollowUpsRecentContactsTeamNumbersAndGoalAfterTheAck() {
        met.command("U1", "Hana Home, Homeco @ HomeConf — follow up tomorrow");
        clock.set(Instant.parse("2026-11-27T18:00:00Z"));

        Reply reply = met.post(met.requests().event("Ev1", homeOpened("U1", "home")));

        assertThat(reply.status()).isEqualTo(200);
        TestMet.await(Duration.ofSeconds(5), () -> publishes().size() == 1);
        FakeSlack.Call publish = publishes().get(0);
        assertThat(publish.arg("user_id")).isEqualTo("U1");
        String view = JsonParser.parseString(publish.arg("view")).toString();
        assertThat(view).contains("Your networking").contains("Hana Home").contains("HomeConf").contains("1 of 1 event")
                .contains(FollowUpBlocks.DONE_ACTION).contains(HomeBlocks.LOG_DEBRIEF_ACTION).contains("November 2026");
    }

    @Test
    void aRetriedDeliveryOfTheSameEventIsHandledOnce() {
        met.post(met.requests().event("EvRetry", homeOpened("U1", "home")));
        met.post(met.requests().event("EvRetry", homeOpened("U1", "home")));
        met.post(met.requests().event("EvOther", homeOpened("U1", "messages")));
        met.post(met.requests().event("EvLast", homeOpened("U1", "home")));

        TestMet.await(Duration.ofSeconds(5), () -> publishes().size() == 2);
        assertThat(publishes()).hasSize(2);
    }

    @Test
    void aHomeSlackRateLimitsIsPublishedOnceItsRetryAfterHasPassed() {
        met.slack().failNext("views.publish", FakeSlack.Answer.rateLimited(1));
        long opened = System.nanoTime();

        met.post(met.requests().event("EvLimited", homeOpened("U1", "home")));

        TestMet.await(Duration.ofSeconds(10), () -> publishes().size() == 2);
        assertThat(Duration.ofNanos(System.nanoTime() - opened)).as("Slack's Retry-After: 1").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(JsonParser.parseString(publishes().get(1).arg("view")).toString()).contains("Your networking");
    }

    @Test
    void doneOnTheHomeMarksTheFollowUpAndRepublishesTheHome() {
        met.command("U1", "Dan Done, Doneco — follow up tomorrow");
        clock.set(Instant.parse("2026-11-27T18:00:00Z"));
        met.post(met.requests().event("EvDone", homeOpened("U1", "home")));
        TestMet.await(Duration.ofSeconds(5), () -> publishes().size() == 1);
        String blockId = followUpBlockId(publishes().get(0));

        met.post(met.requests().homeAction("U1", FollowUpBlocks.DONE_ACTION, blockId, "x"));

        TestMet.await(Duration.ofSeconds(5), () -> publishes().size() == 2);
        assertThat(met.db().fetchCount(FOLLOW_UP, FOLLOW_UP.STATUS.eq("done"))).isEqualTo(1);
        assertThat(JsonParser.parseString(publishes().get(1).arg("view")).toString()).contains("Nothing to follow up");
    }

    @Test
    void logADebriefOnTheHomeOpensTheForm() {
        met.post(met.requests().homeAction("U1", HomeBlocks.LOG_DEBRIEF_ACTION, "home_actions", "home"));

        assertThat(met.slack().calls("views.open")).hasSize(1);
    }

    private static String followUpBlockId(FakeSlack.Call publish) {
        JsonArray blocks = JsonParser.parseString(publish.arg("view")).getAsJsonObject().getAsJsonArray("blocks");
        for (JsonElement b : blocks) {
            JsonObject block = b.getAsJsonObject();
            if (block.has("block_id") && block.get("block_id").getAsString().startsWith("followup_")) {
                return block.get("block_id").getAsString();
            }
        }
        throw new AssertionError("no follow-up in the Home");
    }
}
