package met.followups;

import static met.db.jooq.Tables.CONTACT;
import static met.db.jooq.Tables.FOLLOW_UP;
import static met.db.jooq.Tables.MEETING;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import met.Config;
import met.testing.FakeSlack;
import met.testing.MetClient.Reply;
import met.testing.MutableClock;
import met.testing.TestDatabase;
import met.testing.TestMet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Follow-up reminders: on the due day at 9:00 in the owner's zone, one DM a day, each sent exactly once. */
class ReminderTest {
    /** Wednesday 25 Nov 2026, 20:00 UTC: 12:00 in Los Angeles, already Thursday 05:00 in Tokyo. */
    private static final Instant START = Instant.parse("2026-11-25T20:00:00Z");
    private MutableClock clock;
    private TestMet met;

    @BeforeEach
    void start() {
        clock = new MutableClock(START);
        met = TestMet.start("ReminderTest", clock);
        met.slack().timeZone("UTOKYO", "Asia/Tokyo");
        met.slack().timeZone("ULA", "America/Los_Angeles");
    }

    @AfterEach
    void stop() {
        met.close();
    }

    private List<FakeSlack.Call> dmsTo(TestMet met, String user) {
        return met.slack().calls("chat.postMessage").stream().filter(c -> user.equals(c.arg("channel"))).toList();
    }

    @Test
    void eachOwnerIsRemindedOnTheDueDayAt9InTheirOwnTimeZoneAndOnlyOnce() {
        met.command("UTOKYO", "Kenji Sato, Sony — follow up tomorrow");   // Friday 27th in Tokyo
        met.command("ULA", "Lena Park, Pixar — follow up tomorrow");      // Thursday 26th in Los Angeles

        clock.set(Instant.parse("2026-11-26T16:59:00Z")); // 08:59 in LA
        met.met().reminders().runOnce();
        assertThat(dmsTo(met, "ULA")).isEmpty();

        clock.set(Instant.parse("2026-11-26T17:00:00Z")); // 09:00 in LA, 02:00 on Friday in Tokyo
        met.met().reminders().runOnce();
        assertThat(dmsTo(met, "ULA")).hasSize(1);
        assertThat(dmsTo(met, "ULA").get(0).arg("blocks")).contains("Lena Park");
        assertThat(dmsTo(met, "UTOKYO")).isEmpty();

        clock.set(Instant.parse("2026-11-27T00:00:00Z")); // 09:00 on Friday in Tokyo
        met.met().reminders().runOnce();
        met.met().reminders().runOnce();
        clock.advance(Duration.ofHours(5));
        met.met().reminders().runOnce();

        assertThat(dmsTo(met, "UTOKYO")).hasSize(1);
        assertThat(dmsTo(met, "ULA")).hasSize(1);
    }

    @Test
    void severalFollowUpsDueTheSameDayMakeOneDm() {
        met.command("ULA", "Ann One, Alpha — follow up in 3 days");
        met.command("ULA", "Ben Two, Beta — follow up in 3 days");
        met.command("ULA", "Cy Three, Gamma — follow up in 3 days");

        clock.set(Instant.parse("2026-11-28T18:00:00Z"));
        met.met().reminders().runOnce();

        assertThat(dmsTo(met, "ULA")).hasSize(1);
        assertThat(dmsTo(met, "ULA").get(0).arg("blocks")).contains("Ann One").contains("Ben Two").contains("Cy Three");
        assertThat(dmsTo(met, "ULA").get(0).arg("text")).isEqualTo("Time to follow up with 3 people you met");
    }

    @Test
    void whenMetWasDownAt9TheReminderGoesOutAtTheFirstPassAfter() {
        met.command("ULA", "Late Larry, Slowco — follow up tomorrow");

        clock.set(Instant.parse("2026-11-28T10:00:00Z")); // Saturday 02:00 in LA: two days late, at night
        met.met().reminders().runOnce();

        assertThat(dmsTo(met, "ULA")).hasSize(1);
        assertThat(dmsTo(met, "ULA").get(0).arg("blocks")).contains("overdue");
    }

    @Test
    void doneRecordsTheTouchAndUpdatesTheDmInPlace() {
        met.command("ULA", "Dora Done, Doneco — follow up tomorrow");
        clock.set(Instant.parse("2026-11-26T17:00:00Z"));
        met.met().reminders().runOnce();
        String blockId = actionsBlockId(dmsTo(met, "ULA").get(0));

        Reply reply = met.post(met.requests().blockAction("ULA", FollowUpBlocks.DONE_ACTION, blockId, idOf(blockId), null));

        assertThat(reply.status()).isEqualTo(200);
        var followUp = met.db().selectFrom(FOLLOW_UP).where(FOLLOW_UP.ID.eq(Long.parseLong(idOf(blockId)))).fetchSingle();
        assertThat(followUp.getStatus()).isEqualTo("done");
        assertThat(met.db().select(CONTACT.LAST_TOUCH_ON).from(CONTACT).where(CONTACT.ID.eq(followUp.getContactId())).fetchSingle(CONTACT.LAST_TOUCH_ON))
                .isEqualTo(LocalDate.of(2026, 11, 26));
        TestMet.await(Duration.ofSeconds(5), () -> !met.slack().calls("response_url").isEmpty());
        FakeSlack.Call update = met.slack().calls("response_url").get(met.slack().calls("response_url").size() - 1);
        assertThat(update.args().get("replace_original").getAsBoolean()).isTrue();
        assertThat(update.args().toString()).contains("All done here").doesNotContain(FollowUpBlocks.DONE_ACTION);
    }

    @Test
    void aSnoozedFollowUpComesBackOnItsNewDate() {
        met.command("ULA", "Sam Snooze, Napco — follow up tomorrow");
        clock.set(Instant.parse("2026-11-26T17:00:00Z"));
        met.met().reminders().runOnce();
        String blockId = actionsBlockId(dmsTo(met, "ULA").get(0));

        met.post(met.requests().blockAction("ULA", FollowUpBlocks.SNOOZE_WEEK_ACTION, blockId, idOf(blockId), null));

        var followUp = met.db().selectFrom(FOLLOW_UP).where(FOLLOW_UP.ID.eq(Long.parseLong(idOf(blockId)))).fetchSingle();
        assertThat(followUp.getStatus()).isEqualTo("snoozed");
        assertThat(followUp.getDueOn()).isEqualTo(LocalDate.of(2026, 12, 3));
        clock.set(Instant.parse("2026-12-02T17:00:00Z"));
        met.met().reminders().runOnce();
        assertThat(dmsTo(met, "ULA")).hasSize(1);
        clock.set(Instant.parse("2026-12-03T17:00:00Z"));
        met.met().reminders().runOnce();
        assertThat(dmsTo(met, "ULA")).hasSize(2);
    }

    @Test
    void snoozeUntilAPickedDateAndRefuseOneInThePast() {
        met.command("ULA", "Pia Pick, Calco — follow up tomorrow");
        clock.set(Instant.parse("2026-11-26T17:00:00Z"));
        met.met().reminders().runOnce();
        String blockId = actionsBlockId(dmsTo(met, "ULA").get(0));
        long id = Long.parseLong(idOf(blockId));

        met.post(met.requests().blockAction("ULA", FollowUpBlocks.SNOOZE_UNTIL_ACTION, blockId, null, "2026-11-20"));
        assertThat(met.db().select(FOLLOW_UP.DUE_ON).from(FOLLOW_UP).where(FOLLOW_UP.ID.eq(id)).fetchSingle(FOLLOW_UP.DUE_ON))
                .isEqualTo(LocalDate.of(2026, 11, 26));
        TestMet.await(Duration.ofSeconds(5), () -> met.slack().calls("response_url").stream().anyMatch(c -> c.args().toString().contains("after today")));

        met.post(met.requests().blockAction("ULA", FollowUpBlocks.SNOOZE_UNTIL_ACTION, blockId, null, "2027-01-15"));
        assertThat(met.db().select(FOLLOW_UP.DUE_ON).from(FOLLOW_UP).where(FOLLOW_UP.ID.eq(id)).fetchSingle(FOLLOW_UP.DUE_ON))
                .isEqualTo(LocalDate.of(2027, 1, 15));
    }

    @Test
    void onlyTheOwnerCanActOnAFollowUp() {
        met.command("ULA", "Owen Owned, Ownco — follow up tomorrow");
        clock.set(Instant.parse("2026-11-26T17:00:00Z"));
        met.met().reminders().runOnce();
        String blockId = actionsBlockId(dmsTo(met, "ULA").get(0));

        met.post(met.requests().blockAction("UOTHER", FollowUpBlocks.DONE_ACTION, blockId, idOf(blockId), null));

        assertThat(met.db().select(FOLLOW_UP.STATUS).from(FOLLOW_UP).where(FOLLOW_UP.ID.eq(Long.parseLong(idOf(blockId)))).fetchSingle(FOLLOW_UP.STATUS))
                .isEqualTo("open");
        TestMet.await(Duration.ofSeconds(5), () -> met.slack().calls("response_url").stream().anyMatch(c -> c.args().toString().contains("belongs to")));
    }

    @Test
    void logANoteSavesItOnTheContactAndMarksTheFollowUpDone() {
        met.command("ULA", "Nora Note, Noteco — follow up tomorrow");
        clock.set(Instant.parse("2026-11-26T17:00:00Z"));
        met.met().reminders().runOnce();
        String blockId = actionsBlockId(dmsTo(met, "ULA").get(0));

        met.post(met.requests().blockAction("ULA", FollowUpBlocks.NOTE_ACTION, blockId, idOf(blockId), null));
        List<FakeSlack.Call> opened = met.slack().calls("views.open");
        assertThat(opened).hasSize(1);
        var view = JsonParser.parseString(opened.get(0).arg("view")).getAsJsonObject();
        view.addProperty("id", "VNOTE");
        view.add("state", JsonParser.parseString("""
                {"values":{"note":{"value":{"type":"plain_text_input","value":"Called her; demo in January"}}}}""").getAsJsonObject());
        Reply saved = met.post(met.requests().viewSubmission("ULA", view));

        assertThat(saved.body()).isEmpty();
        long id = Long.parseLong(idOf(blockId));
        assertThat(met.db().select(FOLLOW_UP.STATUS).from(FOLLOW_UP).where(FOLLOW_UP.ID.eq(id)).fetchSingle(FOLLOW_UP.STATUS)).isEqualTo("done");
        assertThat(met.db().fetchCount(MEETING, MEETING.NOTES.eq("Called her; demo in January"))).isEqualTo(1);
    }

    @Test
    void metFollowupsListsMineOverdueFirstWithTheirButtons() {
        met.command("ULA", "Far Future, Laterco — follow up on 2027-01-20");
        met.command("ULA", "Soon Sue, Sooner — follow up tomorrow");
        clock.set(Instant.parse("2026-11-28T18:00:00Z"));

        Reply reply = met.command("ULA", "followups");

        String all = reply.json().toString();
        assertThat(all).contains("1 overdue").contains(FollowUpBlocks.DONE_ACTION);
        assertThat(all.indexOf("Soon Sue")).isLessThan(all.indexOf("Far Future"));
        assertThat(met.command("UNOBODY", "followups").json().toString()).contains("No follow-ups to do");
    }

    @Test
    void slackFailingThenRecoveringDeliversTheReminderOnceHonouringRetryAfter() {
        met.command("ULA", "Rita Retry, Flakyco — follow up tomorrow");
        met.slack().failNext("chat.postMessage", FakeSlack.Answer.serverError());
        met.slack().failNext("chat.postMessage", FakeSlack.Answer.rateLimited(600));
        met.slack().failNext("chat.postMessage", FakeSlack.Answer.okFalse("internal_error"));
        clock.set(Instant.parse("2026-11-26T17:00:00Z"));

        met.met().reminders().runOnce();                 // 500: retry in a minute
        met.met().reminders().runOnce();                 // too soon: nothing is sent
        assertThat(met.slack().calls("chat.postMessage")).hasSize(1);
        clock.advance(Duration.ofMinutes(1));
        met.met().reminders().runOnce();                 // 429, Retry-After 600 s
        clock.advance(Duration.ofMinutes(5));
        met.met().reminders().runOnce();                 // still inside Retry-After
        assertThat(met.slack().calls("chat.postMessage")).hasSize(2);
        clock.advance(Duration.ofMinutes(6));
        met.met().reminders().runOnce();                 // ok:false internal_error: retry later
        clock.advance(Duration.ofMinutes(10));
        met.met().reminders().runOnce();                 // delivered
        clock.advance(Duration.ofHours(3));
        met.met().reminders().runOnce();

        assertThat(met.slack().calls("chat.postMessage")).hasSize(4);
        assertThat(met.db().fetchCount(FOLLOW_UP, FOLLOW_UP.REMINDED_ON.isNotNull())).isEqualTo(1);
    }

    @Test
    void aReminderWhoseAnswerNeverCameIsFoundInTheDmAndNotSentAgain() {
        met.command("ULA", "Sam Slow, Lagco — follow up tomorrow");
        FakeSlack.Hold hold = met.slack().holdNext("chat.postMessage"); // Slack sends it, and its answer is lost
        clock.set(Instant.parse("2026-11-26T17:00:00Z"));
        try {
            met.met().reminders().runOnce();             // the Web API client's read timeout: look for it in a minute
        } finally {
            hold.release();
        }
        assertThat(hold.received()).isTrue();
        met.met().reminders().runOnce();                 // too soon
        clock.advance(Duration.ofMinutes(1));
        assertThat(met.met().reminders().runOnce()).isZero(); // found in the DM's history: nothing sent
        clock.advance(Duration.ofHours(3));
        met.met().reminders().runOnce();

        assertThat(met.slack().calls("chat.postMessage")).singleElement()
                .satisfies(c -> assertThat(c.arg("metadata")).contains("met_reminder").contains("2026-11-26"));
        assertThat(met.slack().calls("conversations.open")).singleElement().satisfies(c -> assertThat(c.arg("users")).isEqualTo("ULA"));
        assertThat(met.slack().calls("conversations.history")).singleElement().satisfies(c -> assertThat(c.arg("channel")).isEqualTo("DULA"));
        assertThat(met.db().fetchCount(FOLLOW_UP, FOLLOW_UP.REMINDED_ON.isNotNull())).isEqualTo(1);
    }

    @Test
    void aReminderWhoseConnectionDroppedAfterSlackSentItIsFoundInTheDmAndNotSentAgain() {
        met.command("ULA", "Dora Drop, Dropco — follow up tomorrow");
        // Slack sends it, then the connection closes unanswered: the HTTP client must not quietly send it again.
        met.slack().failNext("chat.postMessage", FakeSlack.Answer.connectionDropped());
        clock.set(Instant.parse("2026-11-26T17:00:00Z"));
        assertThat(met.met().reminders().runOnce()).isZero();
        clock.advance(Duration.ofMinutes(1));
        assertThat(met.met().reminders().runOnce()).isZero(); // found in the DM's history: nothing sent
        clock.advance(Duration.ofHours(3));
        met.met().reminders().runOnce();

        assertThat(met.slack().calls("chat.postMessage")).hasSize(1);
        assertThat(met.db().fetchCount(FOLLOW_UP, FOLLOW_UP.REMINDED_ON.isNotNull())).isEqualTo(1);
    }

    @Test
    void aReminderClaimedByAProcessThatDiedIsLookedForInTheDmAndSentWhenNotThere() {
        met.command("ULA", "Cora Crash, Crashco — follow up tomorrow");
        Instant nine = Instant.parse("2026-11-26T17:00:00Z");
        clock.set(nine);
        // A replica claimed today's reminder, then died before sending it.
        assertThat(new FollowUpRepository(met.db()).claim(FakeSlack.TEAM_ID, "ULA", LocalDate.of(2026, 11, 26), nine)).isPresent();

        assertThat(met.met().reminders().runOnce()).isZero(); // claimed, by a process that may still be sending it
        clock.advance(Duration.ofMinutes(11));
        assertThat(met.met().reminders().runOnce()).isOne();  // the claim is now old: not in the DM, so sent
        clock.advance(Duration.ofHours(3));
        met.met().reminders().runOnce();

        assertThat(met.slack().calls("chat.postMessage")).hasSize(1);
        assertThat(met.slack().calls("conversations.history")).hasSize(1);
        assertThat(met.db().fetchCount(FOLLOW_UP, FOLLOW_UP.REMINDED_ON.isNotNull())).isEqualTo(1);
    }

    @Test
    void anErrorNoRetryCanMendIsGivenUpAtOnce() {
        met.command("ULA", "Gus Gone, Goneco — follow up tomorrow");
        met.slack().failNext("chat.postMessage", FakeSlack.Answer.okFalse("account_inactive"));
        clock.set(Instant.parse("2026-11-26T17:00:00Z"));

        met.met().reminders().runOnce();
        clock.advance(Duration.ofHours(2));
        met.met().reminders().runOnce();

        assertThat(met.slack().calls("chat.postMessage")).hasSize(1);
    }

    @Test
    void twoReplicasDispatchingAtTheSameTimeSendEachReminderOnce() throws Exception {
        Config.Database shared = TestDatabase.get().fresh();
        try (TestMet first = TestMet.start("ReminderReplicaA", clock, shared);
             TestMet second = TestMet.start("ReminderReplicaB", clock, shared)) {
            for (int i = 0; i < 20; i++) {
                first.command("UREP" + i, "Person " + i + ", Co" + i + " — follow up tomorrow");
            }
            clock.set(Instant.parse("2026-11-26T17:00:00Z")); // the fake's default zone for everyone is Los Angeles

            List<CompletableFuture<Integer>> passes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                passes.add(CompletableFuture.supplyAsync(() -> first.met().reminders().runOnce()));
                passes.add(CompletableFuture.supplyAsync(() -> second.met().reminders().runOnce()));
            }
            int sent = passes.stream().mapToInt(CompletableFuture::join).sum();

            assertThat(sent).isEqualTo(20);
            assertThat(first.slack().calls("chat.postMessage").size() + second.slack().calls("chat.postMessage").size()).isEqualTo(20);
        }
    }

    @Test
    void theDispatcherRunsOnItsOwnEveryInterval() {
        Config.Database database = TestDatabase.get().fresh();
        try (TestMet scheduled = TestMet.start("ReminderScheduled", clock, database, Duration.ofSeconds(1))) {
            scheduled.command("UAUTO", "Auto Ann, Autoco — follow up tomorrow");
            clock.set(Instant.parse("2026-11-26T17:00:00Z"));

            TestMet.await(Duration.ofSeconds(20), () -> !scheduled.slack().calls("chat.postMessage").isEmpty());
        }
    }

    private static String actionsBlockId(FakeSlack.Call dm) {
        JsonArray blocks = JsonParser.parseString(dm.arg("blocks")).getAsJsonArray();
        for (JsonElement block : blocks) {
            if (block.getAsJsonObject().get("type").getAsString().equals("actions")) {
                return block.getAsJsonObject().get("block_id").getAsString();
            }
        }
        throw new AssertionError("no actions block in " + dm.arg("blocks"));
    }

    private static String idOf(String blockId) {
        return blockId.substring("followup_".length()).split("_")[0];
    }
}
