package met.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ViewSubmissionBodyTest {
    private static final String SUBMISSION = """
            {"type":"view_submission","team":{"id":"T1"},"user":{"id":"U1"},
             "view":{"id":"V1","callback_id":"debrief","private_metadata":"{\\"channel\\":\\"C1\\"}","hash":"h1",
                     "blocks":[{"type":"input","block_id":"event_name","element":{"type":"plain_text_input"}}],
                     "state":{"values":{"event_name":{"value":{"type":"plain_text_input","value":"Dev & Conf \\"26\\" ✓"}},
                                        "n":{"v":{"type":"number_input","value":12345678901234567890}},
                                        "nested":{"blocks":{"type":"x","value":null,"flag":true}}}}},
             "response_urls":[]}
            """;

    private static String body(String payload) {
        return "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
    }

    private static JsonObject payloadOf(String body) {
        return JsonParser.parseString(URLDecoder.decode(body.substring("payload=".length()), StandardCharsets.UTF_8)).getAsJsonObject();
    }

    @Test
    void aViewSubmissionLosesTheViewsBlocksAndNothingElse() {
        JsonObject expected = JsonParser.parseString(SUBMISSION).getAsJsonObject();
        expected.getAsJsonObject("view").remove("blocks");

        JsonObject slim = payloadOf(ViewSubmissionBody.withoutBlocks(body(SUBMISSION)));

        assertThat(slim).isEqualTo(expected);
        // what the user typed, byte for byte, and a number too long for a double
        assertThat(slim.toString()).contains("Dev & Conf \\\"26\\\" ✓").contains("12345678901234567890");
    }

    @Test
    void otherPayloadsReachBoltAsSlackSentThem() {
        String action = body(SUBMISSION.replace("view_submission", "block_actions"));
        String command = "token=x&command=%2Fmet&text=Dana+Lee%2C+Acme";
        String twoFields = body(SUBMISSION) + "&extra=1";

        assertThat(ViewSubmissionBody.withoutBlocks(action)).isSameAs(action);
        assertThat(ViewSubmissionBody.withoutBlocks(command)).isSameAs(command);
        assertThat(ViewSubmissionBody.withoutBlocks(twoFields)).isSameAs(twoFields);
    }

    @Test
    void aBodyThatIsNotJsonIsLeftForBoltToRefuse() {
        for (String payload : new String[] {"", "[]", "{", "{\"type\":\"view_submission\"", "{\"type\":\"view_submission\"} {}",
                "%zz", "[".repeat(100_000), "{\"view\":" + "[".repeat(100_000)}) {
            String body = "payload=" + payload;
            assertThat(ViewSubmissionBody.withoutBlocks(body)).as(payload.length() > 40 ? payload.substring(0, 40) : payload).isSameAs(body);
        }
    }
}
