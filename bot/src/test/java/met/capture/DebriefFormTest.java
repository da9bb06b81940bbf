package met.capture;

import static met.db.jooq.Tables.ACTION_ITEM;
import static met.db.jooq.Tables.CONTACT;
import static met.db.jooq.Tables.DEBRIEF;
import static met.db.jooq.Tables.DEBRIEF_ATTENDEE;
import static met.db.jooq.Tables.EVENT;
import static met.db.jooq.Tables.FOLLOW_UP;
import static met.db.jooq.Tables.MEETING;
import static met.db.jooq.Tables.REFERRAL;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import met.Config;
import met.db.EmbeddedPostgresServer;
import met.testing.FakeSlack;
import met.testing.MetClient.Reply;
import met.testing.TestMet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The debrief form, driven as Slack drives it: views.open, block actions inside the modal, view_submission. */
class DebriefFormTest {
    private static final Instant NOW = Instant.parse("2026-11-25T17:00:00Z");
    private static TestMet met;

    @BeforeAll
    static void start() {
        met = TestMet.start("DebriefFormTest", Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterAll
    static void stop() {
        met.close();
    }

    @Test
    void addAnotherContactGrowsTheFormInPlaceKeepingEveryBlockAndPassingTheHash() {
        JsonObject view = openForm(met, "U1");
        int blocksBefore = view.getAsJsonArray("blocks").size();
        view.add("state", state(text("event_name", "DevConf"), text(contact(1, "name"), "Typed Before")));

        Reply reply = met.post(met.requests().viewAction("U1", DebriefFormBlocks.ADD_CONTACT_ACTION, view));

        assertThat(reply.status()).isEqualTo(200);
        TestMet.await(Duration.ofSeconds(5), () -> !met.slack().calls("views.update").isEmpty());
        FakeSlack.Call update = last("views.update");
        assertThat(update.arg("view_id")).isEqualTo(view.get("id").getAsString());
        assertThat(update.arg("hash")).isEqualTo(view.get("hash").getAsString());
        JsonObject grown = JsonParser.parseString(update.arg("view")).getAsJsonObject();
        List<String> before = blockIds(view);
        List<String> after = blockIds(grown);
        assertThat(after).containsAll(before).contains(contact(2, "name"));
        assertThat(grown.getAsJsonArray("blocks").size()).isGreaterThan(blocksBefore);
        assertThat(FormMetadata.fromJson(grown.get("private_metadata").getAsString()).contactRows()).isEqualTo(2);
    }

    @Test
    void aValidSubmissionSavesEverythingInOneGoClosesTheFormAndConfirms() {
        JsonObject view = openForm(met, "U1");
        view.add("state", state(
                text("event_name", "Chamber Lunch"), date("event_date", "2026-11-20"), select("event_kind", "chamber_of_commerce"),
                users("teammates", "U2", "U3"),
                text(contact(1, "name"), "Grace Hopper"), text(contact(1, "company"), "Navy"), text(contact(1, "role"), "Admiral"),
                text(contact(1, "email"), "grace@navy.example"), text(contact(1, "profile_url"), "https://example.org/grace"),
                text(contact(1, "notes"), "COBOL & <compilers>"), date(contact(1, "follow_up"), "2026-12-01"),
                text(contact(2, "name"), "Alan Kay"),
                text("ideas", "Sponsor next year"), richText("action_items", "Send the deck", "U0OWNER2", "Book a booth"),
                text("referrals_given", "Introduced Grace to Ada"), text("referrals_asked", "Ask Alan for a PARC intro")));
        view.addProperty("private_metadata", new FormMetadata("C0GENERAL", null, 2).toJson());

        Reply reply = met.post(met.requests().viewSubmission("U1", view));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEmpty(); // an empty ack closes the modal
        long debriefId = met.db().select(DEBRIEF.ID).from(DEBRIEF).join(EVENT).on(EVENT.ID.eq(DEBRIEF.EVENT_ID))
                .where(EVENT.NAME.eq("Chamber Lunch")).fetchSingle(DEBRIEF.ID);
        assertThat(met.db().fetchCount(MEETING, MEETING.DEBRIEF_ID.eq(debriefId))).isEqualTo(2);
        assertThat(met.db().fetchCount(DEBRIEF_ATTENDEE, DEBRIEF_ATTENDEE.DEBRIEF_ID.eq(debriefId))).isEqualTo(2);
        assertThat(met.db().select(ACTION_ITEM.OWNER_ID).from(ACTION_ITEM).where(ACTION_ITEM.DEBRIEF_ID.eq(debriefId))
                .orderBy(ACTION_ITEM.ID).fetch(ACTION_ITEM.OWNER_ID)).containsExactly("U0OWNER2", "U1");
        assertThat(met.db().fetchCount(REFERRAL, REFERRAL.DEBRIEF_ID.eq(debriefId))).isEqualTo(2);
        assertThat(met.db().select(EVENT.KIND).from(EVENT).where(EVENT.NAME.eq("Chamber Lunch")).fetchSingle(EVENT.KIND))
                .isEqualTo("chamber_of_commerce");
        assertThat(met.db().fetchCount(FOLLOW_UP, FOLLOW_UP.OWNER_ID.eq("U1").and(FOLLOW_UP.DUE_ON.eq(java.time.LocalDate.of(2026, 12, 1)))))
                .isEqualTo(1);
        TestMet.await(Duration.ofSeconds(5), () -> met.slack().calls("chat.postEphemeral").stream()
                .anyMatch(c -> c.args().toString().contains("Grace Hopper")));
        FakeSlack.Call confirmation = met.slack().calls("chat.postEphemeral").stream()
                .filter(c -> c.args().toString().contains("Grace Hopper")).findFirst().orElseThrow();
        assertThat(confirmation.arg("channel")).isEqualTo("C0GENERAL");
        assertThat(confirmation.arg("user")).isEqualTo("U1");
        assertThat(JsonParser.parseString(confirmation.arg("blocks")).toString()).contains("COBOL &amp; &lt;compilers&gt;");
    }

    @Test
    void anInvalidSubmissionKeepsTheFormOpenWithAMessageUnderEachBadField() {
        JsonObject view = openForm(met, "U1");
        view.add("state", state(date("event_date", "2026-11-25"),
                text(contact(1, "company"), "Nameless Inc"), text(contact(1, "email"), "not-an-email"),
                text(contact(1, "profile_url"), "linkedin/in/x"), date(contact(1, "follow_up"), "2026-11-01")));
        int debriefsBefore = met.db().fetchCount(DEBRIEF);

        Reply reply = met.post(met.requests().viewSubmission("U1", view));

        assertThat(reply.status()).isEqualTo(200);
        JsonObject ack = reply.json();
        assertThat(ack.get("response_action").getAsString()).isEqualTo("errors");
        JsonObject errors = ack.getAsJsonObject("errors");
        assertThat(errors.keySet()).contains(contact(1, "name"), contact(1, "email"), contact(1, "profile_url"), contact(1, "follow_up"));
        assertThat(met.db().fetchCount(DEBRIEF)).isEqualTo(debriefsBefore);
    }

    @Test
    void editingReplacesTheDebriefAndSomeoneElsesEditIsRefused() {
        Reply saved = met.command("U1", "Ed Before, Oldco @ EditFest");
        String debriefId = saved.json().getAsJsonArray("blocks").asList().stream()
                .map(b -> b.getAsJsonObject()).filter(b -> b.get("type").getAsString().equals("actions")).findFirst().orElseThrow()
                .getAsJsonArray("elements").get(0).getAsJsonObject().get("value").getAsString();
        JsonObject view = openForm(met, "U1");
        view.addProperty("private_metadata", new FormMetadata("C0GENERAL", Long.parseLong(debriefId), 1).toJson());
        view.add("state", state(text("event_name", "EditFest"), date("event_date", "2026-11-25"),
                text(contact(1, "name"), "Ed After"), text(contact(1, "company"), "Newco")));

        Reply refused = met.post(met.requests().viewSubmission("U2", view));
        assertThat(refused.json().get("response_action").getAsString()).isEqualTo("errors");
        assertThat(refused.json().getAsJsonObject("errors").toString()).contains("Only the teammate who recorded");

        Reply edited = met.post(met.requests().viewSubmission("U1", view));
        assertThat(edited.body()).isEmpty();
        assertThat(met.db().fetchCount(CONTACT, CONTACT.NAME.eq("Ed Before"))).isZero();
        assertThat(met.db().fetchCount(CONTACT, CONTACT.NAME.eq("Ed After"))).isEqualTo(1);
        assertThat(met.db().fetchCount(MEETING, MEETING.DEBRIEF_ID.eq(Long.parseLong(debriefId)))).isEqualTo(1);
    }

    @Test
    void aSubmissionDuringADatabaseOutageKeepsTheFormOpenAndLosesNothing(@TempDir Path dir) {
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir, 0);
        int port = pg.port();
        Config.Database database = new Config.Database(Optional.of(pg.jdbcUrl()), Optional.empty(), Optional.empty(), dir);
        try (TestMet outage = TestMet.start("DebriefFormOutageTest", Clock.fixed(NOW, ZoneOffset.UTC), database)) {
            JsonObject view = openForm(outage, "U1");
            view.add("state", state(date("event_date", "2026-11-25"), text(contact(1, "name"), "Patient Person")));
            pg.close();

            Reply reply = outage.post(outage.requests().viewSubmission("U1", view));

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.millis()).as("Slack's 3 seconds").isLessThan(3000);
            assertThat(reply.json().get("response_action").getAsString()).isEqualTo("errors");
            assertThat(reply.json().getAsJsonObject("errors").toString()).contains("Nothing you typed is lost");

            pg = EmbeddedPostgresServer.start(dir, port);
            TestMet.await(Duration.ofSeconds(10), () -> outage.client().get("/readyz").status() == 200);
            Reply retried = outage.post(outage.requests().viewSubmission("U1", view));
            assertThat(retried.body()).isEmpty();
            assertThat(outage.db().fetchCount(CONTACT, CONTACT.NAME.eq("Patient Person"))).isEqualTo(1);
        } finally {
            pg.close();
        }
    }

    @Test
    void aSecondSaveOfTheSameFormReplacesWhatTheFirstSavedInsteadOfStoringItTwice() {
        // As after an outage in which the first Save was committed but its answer was lost: Met said "not saved", the
        // modal stayed open (same view id), and the teammate corrected a name before pressing Save again.
        JsonObject view = openForm(met, "U1");
        view.add("state", state(text("event_name", "Twice Summit"), date("event_date", "2026-11-20"), text(contact(1, "name"), "Dana Twice"),
                text(contact(2, "name"), "Erin Typo")));
        assertThat(met.post(met.requests().viewSubmission("U1", view)).body()).isEmpty();
        view.add("state", state(text("event_name", "Twice Summit"), date("event_date", "2026-11-20"), text(contact(1, "name"), "Dana Twice"),
                text(contact(2, "name"), "Erin Right"), text("ideas", "Added on the second Save")));

        assertThat(met.post(met.requests().viewSubmission("U1", view)).body()).isEmpty();

        List<Long> debriefs = met.db().select(DEBRIEF.ID).from(DEBRIEF).where(DEBRIEF.VIEW_ID.eq(view.get("id").getAsString()))
                .fetch(DEBRIEF.ID);
        assertThat(debriefs).hasSize(1);
        assertThat(met.db().select(DEBRIEF.IDEAS).from(DEBRIEF).where(DEBRIEF.ID.eq(debriefs.get(0))).fetchSingle(DEBRIEF.IDEAS))
                .isEqualTo("Added on the second Save");
        assertThat(met.db().select(CONTACT.NAME).from(MEETING).join(CONTACT).on(CONTACT.TEAM_ID.eq(MEETING.TEAM_ID), CONTACT.ID.eq(MEETING.CONTACT_ID))
                .where(MEETING.DEBRIEF_ID.eq(debriefs.get(0))).fetch(CONTACT.NAME)).containsExactlyInAnyOrder("Dana Twice", "Erin Right");
        assertThat(met.db().fetchCount(CONTACT, CONTACT.NAME.eq("Erin Typo"))).as("the person only the first Save named").isZero();
        assertThat(met.db().fetchCount(EVENT, EVENT.NAME.eq("Twice Summit"))).isEqualTo(1);
    }

    @Test
    void twoSavesOfTheSameOnePersonFormAtOnceStoreOneDebrief() throws Exception {
        JsonObject view = openForm(met, "U1");
        view.add("state", state(text("event_name", "Double Click Day"), date("event_date", "2026-11-20"),
                text(contact(1, "name"), "Clicky Twice")));
        List<java.util.concurrent.CompletableFuture<Reply>> saves = List.of(
                java.util.concurrent.CompletableFuture.supplyAsync(() -> met.post(met.requests().viewSubmission("U1", view))),
                java.util.concurrent.CompletableFuture.supplyAsync(() -> met.post(met.requests().viewSubmission("U1", view))));

        for (var save : saves) {
            assertThat(save.get().body()).isEmpty();
        }
        assertThat(met.db().fetchCount(DEBRIEF, DEBRIEF.VIEW_ID.eq(view.get("id").getAsString()))).isEqualTo(1);
        assertThat(met.db().fetchCount(CONTACT, CONTACT.NAME.eq("Clicky Twice"))).isEqualTo(1);
    }

    @Test
    void aConfirmationSlackRateLimitsIsPostedOnceItsRetryAfterHasPassed() {
        JsonObject view = openForm(met, "U1");
        view.add("state", state(text("event_name", "Busy Expo"), date("event_date", "2026-11-20"), text(contact(1, "name"), "Rita Limited")));
        int messagesBefore = met.slack().calls("chat.postMessage").size();
        met.slack().failNext("chat.postEphemeral", FakeSlack.Answer.rateLimited(1));
        long submitted = System.nanoTime();

        assertThat(met.post(met.requests().viewSubmission("U1", view)).body()).isEmpty();

        TestMet.await(Duration.ofSeconds(10), () -> confirmationsNaming("Rita Limited") == 2);
        assertThat(Duration.ofNanos(System.nanoTime() - submitted)).as("Slack's Retry-After: 1").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(met.slack().calls("chat.postMessage")).as("not sent as a direct message instead").hasSize(messagesBefore);
    }

    private static long confirmationsNaming(String name) {
        return met.slack().calls("chat.postEphemeral").stream().filter(c -> c.args().toString().contains(name)).count();
    }

    // --- helpers: the view Slack holds, and its state as Slack sends it ---

    private static JsonObject openForm(TestMet met, String user) {
        int before = met.slack().calls("views.open").size();
        met.command(user, "");
        List<FakeSlack.Call> opened = met.slack().calls("views.open");
        assertThat(opened).hasSize(before + 1);
        JsonObject view = JsonParser.parseString(opened.get(opened.size() - 1).arg("view")).getAsJsonObject();
        view.addProperty("id", "V" + System.nanoTime());
        view.addProperty("hash", "h" + System.nanoTime());
        view.addProperty("team_id", FakeSlack.TEAM_ID);
        return view;
    }

    private FakeSlack.Call last(String method) {
        List<FakeSlack.Call> calls = met.slack().calls(method);
        return calls.get(calls.size() - 1);
    }

    private static List<String> blockIds(JsonObject view) {
        return view.getAsJsonArray("blocks").asList().stream()
                .map(b -> b.getAsJsonObject().get("block_id")).filter(java.util.Objects::nonNull).map(e -> e.getAsString()).toList();
    }

    static String contact(int row, String field) {
        return DebriefFormBlocks.contactBlockId(row, field);
    }

    private record Field(String blockId, JsonObject value) {
    }

    private static JsonObject state(Field... fields) {
        JsonObject values = new JsonObject();
        for (Field f : fields) {
            JsonObject block = new JsonObject();
            block.add(DebriefFormBlocks.ACTION_ID, f.value());
            values.add(f.blockId(), block);
        }
        JsonObject state = new JsonObject();
        state.add("values", values);
        return state;
    }

    private static Field text(String blockId, String value) {
        JsonObject v = new JsonObject();
        v.addProperty("type", "plain_text_input");
        v.addProperty("value", value);
        return new Field(blockId, v);
    }

    /** What a rich_text_input sends: a line with a mention (typed as @name in Slack), then a plain line. */
    private static Field richText(String blockId, String first, String owner, String second) {
        JsonObject v = JsonParser.parseString("""
                {"type":"rich_text_input","rich_text_value":{"type":"rich_text","elements":[
                  {"type":"rich_text_section","elements":[{"type":"text","text":"%s "},{"type":"user","user_id":"%s"},
                                                          {"type":"text","text":"\\n%s"}]}]}}
                """.formatted(first, owner, second)).getAsJsonObject();
        return new Field(blockId, v);
    }

    private static Field date(String blockId, String day) {
        JsonObject v = new JsonObject();
        v.addProperty("type", "datepicker");
        v.addProperty("selected_date", day);
        return new Field(blockId, v);
    }

    private static Field select(String blockId, String code) {
        JsonObject option = new JsonObject();
        option.addProperty("value", code);
        JsonObject v = new JsonObject();
        v.addProperty("type", "static_select");
        v.add("selected_option", option);
        return new Field(blockId, v);
    }

    private static Field users(String blockId, String... ids) {
        JsonArray array = new JsonArray();
        for (String id : ids) {
            array.add(id);
        }
        JsonObject v = new JsonObject();
        v.addProperty("type", "multi_users_select");
        v.add("selected_users", array);
        return new Field(blockId, v);
    }
}
