package met.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import met.capture.CaptureBlocks;
import met.capture.DebriefFormBlocks;
import met.followups.FollowUpBlocks;
import met.referrals.ReferralBlocks;
import met.testing.MetClient.Reply;
import met.testing.TestMet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever arrives at POST /slack/events — signed garbage, malformed payloads, wrong content types, buttons with
 * foreign or stale values — is answered with a 2xx or a 4xx, never a 5xx or a stack trace.
 */
class SlackEndpointProperties {
    private static TestMet met;

    @BeforeContainer
    static void start() {
        met = TestMet.start("SlackEndpointProperties");
    }

    @AfterContainer
    static void stop() {
        met.close();
    }

    private static void assertCalm(Reply reply) {
        assertThat(reply.status()).isBetween(200, 499);
        assertThat(reply.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Property(tries = 150)
    void signedBodiesOfAnyShapeGetAnAnswerNeverA5xx(@ForAll("bodies") String body, @ForAll("contentTypes") String contentType) {
        assertCalm(met.post(met.requests().sign(contentType, body.getBytes(StandardCharsets.UTF_8), Instant.now())));
    }

    @Property(tries = 100)
    void slashCommandsWithAnyTextAreAnswered(@ForAll("texts") String text) {
        Reply reply = met.command("UFUZZ", text);
        assertCalm(reply);
        assertThat(reply.status()).isEqualTo(200);
    }

    @Property(tries = 100)
    void buttonsWithForeignOrStaleValuesAreAnsweredCalmly(@ForAll("actions") String actionId, @ForAll("values") String value,
                                                           @ForAll("values") String blockId) {
        Reply reply = met.post(met.requests().blockAction("UFUZZ", actionId, blockId.isEmpty() ? "b" : blockId, value, null));
        assertCalm(reply);
    }

    @Property(tries = 60)
    void formSubmissionsWithArbitraryStateNeverFail(@ForAll("states") String stateJson, @ForAll("values") String metadata) {
        JsonObject view = new JsonObject();
        view.addProperty("id", "VFUZZ");
        view.addProperty("type", "modal");
        view.addProperty("callback_id", DebriefFormBlocks.CALLBACK_ID);
        view.addProperty("private_metadata", metadata);
        view.add("state", com.google.gson.JsonParser.parseString(stateJson));
        Reply reply = met.post(met.requests().viewSubmission("UFUZZ", view));
        assertCalm(reply);
        assertThat(reply.status()).isEqualTo(200);
    }

    @Provide
    Arbitrary<String> bodies() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(300),
                Arbitraries.strings().withChars("{}[]\":,payload=&%+abc0123").ofMaxLength(200),
                Arbitraries.of("payload=", "payload=%7B%7D", "payload=null", "payload=%5B%5D", "{\"type\":\"event_callback\"}",
                        "{\"type\":\"url_verification\"}", "{\"type\":\"block_actions\"}", "command=%2Fmet", "command=%2Fother&text=x",
                        "payload=%7B%22type%22%3A%22block_actions%22%2C%22actions%22%3A%5B%5D%7D",
                        "payload=%7B%22type%22%3A%22view_submission%22%2C%22view%22%3A%7B%7D%7D", "ssl_check=1"));
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.of("application/json", "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=utf-8",
                "text/plain", "multipart/form-data; boundary=x", "application/xml", "");
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(200),
                Arbitraries.strings().withChars("aZé漢😀 ,@—-:;<>&\"'\u200f").ofMaxLength(100),
                Arbitraries.of("who", "followups", "cold", "help", "digest", "export", "forget", "   ", "<!channel>", "@ @ @", "— — —"));
    }

    @Provide
    Arbitrary<String> actions() {
        return Arbitraries.of(CaptureBlocks.EDIT_ACTION, CaptureBlocks.UNDO_ACTION, CaptureBlocks.DETAILS_ACTION,
                FollowUpBlocks.DONE_ACTION, FollowUpBlocks.SNOOZE_WEEK_ACTION, FollowUpBlocks.SNOOZE_UNTIL_ACTION,
                FollowUpBlocks.NOTE_ACTION, ReferralBlocks.MENU_ACTION, DebriefFormBlocks.ADD_CONTACT_ACTION, "unknown_action");
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(Object::toString),
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.of("followup_1_1,2,3", "followup_x", "followup_999999999_", "given:1", "asked:-1", "{}", "{\"contactRows\":99}"));
    }

    @Provide
    Arbitrary<String> states() {
        Arbitrary<String> blockIds = Arbitraries.of("event_name", "event_date", "event_kind", "teammates", "contact_1_name",
                "contact_1_email", "contact_1_profile_url", "contact_1_follow_up", "contact_12_name", "ideas", "action_items", "x");
        Arbitrary<String> values = Arbitraries.of(
                "{\"type\":\"plain_text_input\",\"value\":\"Ann\"}", "{\"type\":\"plain_text_input\",\"value\":null}",
                "{\"type\":\"datepicker\",\"selected_date\":\"2026-13-45\"}", "{\"type\":\"datepicker\",\"selected_date\":\"2026-11-25\"}",
                "{\"type\":\"static_select\",\"selected_option\":{\"value\":\"nonsense\"}}", "{\"type\":\"multi_users_select\",\"selected_users\":[]}",
                "{\"type\":\"email_text_input\",\"value\":\"not@\"}", "{\"type\":\"rich_text_input\",\"rich_text_value\":{\"type\":\"rich_text\",\"elements\":[]}}",
                "{\"type\":\"plain_text_input\",\"value\":\"" + "x".repeat(4000) + "\"}", "{}");
        return Arbitraries.maps(blockIds, values).ofMaxSize(8).map(map -> {
            StringBuilder json = new StringBuilder("{\"values\":{");
            map.forEach((block, value) -> json.append('"').append(block).append("\":{\"value\":").append(value).append("},"));
            if (!map.isEmpty()) {
                json.setLength(json.length() - 1);
            }
            return json.append("}}").toString();
        });
    }
}
