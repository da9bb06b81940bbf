package met.testing;

import com.google.gson.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import met.http.SlackSignatureVerifier;

/** Builds requests exactly as Slack sends them: form-encoded or JSON bodies, signed with the signing secret. */
public final class SlackRequests {
    private final SlackSignatureVerifier signer;
    private final String teamId;

    public SlackRequests(String signingSecret, String teamId) {
        this.signer = new SlackSignatureVerifier(signingSecret, Clock.systemUTC());
        this.teamId = teamId;
    }

    /** A request ready to send; {@code headers} carry Slack's signature. */
    public record Signed(String contentType, byte[] body, Map<String, String> headers) {
    }

    public Signed slashCommand(String userId, String text) {
        return slashCommand(userId, text, Instant.now());
    }

    public Signed slashCommand(String userId, String text, Instant signedAt) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", "deprecated-verification-token");
        form.put("team_id", teamId);
        form.put("team_domain", "met-test");
        form.put("channel_id", "C0GENERAL");
        form.put("channel_name", "general");
        form.put("user_id", userId);
        form.put("user_name", userId.toLowerCase());
        form.put("command", "/met");
        form.put("text", text);
        form.put("api_app_id", "A0MET");
        form.put("is_enterprise_install", "false");
        form.put("response_url", "https://hooks.slack.com/commands/" + teamId + "/1/abc");
        form.put("trigger_id", "1.2.trigger-" + System.nanoTime());
        return sign("application/x-www-form-urlencoded", encode(form).getBytes(StandardCharsets.UTF_8), signedAt);
    }

    /** Interactivity (block_actions, view_submission…): a form with one field, payload=&lt;JSON&gt;. */
    public Signed interactivity(JsonObject payload) {
        return sign("application/x-www-form-urlencoded",
                encode(Map.of("payload", payload.toString())).getBytes(StandardCharsets.UTF_8), Instant.now());
    }

    /** An Events API delivery: {@code event_callback} JSON around {@code event}. */
    public Signed event(String eventId, JsonObject event) {
        JsonObject body = new JsonObject();
        body.addProperty("token", "deprecated-verification-token");
        body.addProperty("team_id", teamId);
        body.addProperty("api_app_id", "A0MET");
        body.add("event", event);
        body.addProperty("type", "event_callback");
        body.addProperty("event_id", eventId);
        body.addProperty("event_time", Instant.now().getEpochSecond());
        return sign("application/json", body.toString().getBytes(StandardCharsets.UTF_8), Instant.now());
    }

    public Signed sign(String contentType, byte[] body, Instant signedAt) {
        String timestamp = Long.toString(signedAt.getEpochSecond());
        return new Signed(contentType, body, Map.of(
                "X-Slack-Request-Timestamp", timestamp,
                "X-Slack-Signature", signer.sign(timestamp, body)));
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
