package met.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import met.http.SlackSignatureVerifier;

/** Builds requests exactly as Slack sends them: form-encoded or JSON bodies, signed with the signing secret. */
public final class SlackRequests {
    private final SlackSignatureVerifier signer;
    private final String teamId;
    private final Supplier<String> responseUrls;

    public SlackRequests(String signingSecret, String teamId) {
        this(signingSecret, teamId, () -> "https://hooks.slack.com/commands/" + teamId + "/1/abc");
    }

    /** @param responseUrls where Slack would have Met post responses (the fake Slack API, in tests) */
    public SlackRequests(String signingSecret, String teamId, Supplier<String> responseUrls) {
        this.signer = new SlackSignatureVerifier(signingSecret, Clock.systemUTC());
        this.teamId = teamId;
        this.responseUrls = responseUrls;
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
        form.put("response_url", responseUrls.get());
        form.put("trigger_id", "1.2.trigger-" + System.nanoTime());
        return sign("application/x-www-form-urlencoded", encode(form).getBytes(StandardCharsets.UTF_8), signedAt);
    }

    /** Interactivity (block_actions, view_submission…): a form with one field, payload=&lt;JSON&gt;. */
    public Signed interactivity(JsonObject payload) {
        return sign("application/x-www-form-urlencoded",
                encode(Map.of("payload", payload.toString())).getBytes(StandardCharsets.UTF_8), Instant.now());
    }

    /** A button click on a message Met posted (ephemeral in a channel, as confirmations are). */
    public Signed blockAction(String userId, String actionId, String value) {
        return blockAction(userId, actionId, "met_capture_actions", value, null);
    }

    /** A click on a message's button (value) or a pick in its date picker (selectedDate). */
    public Signed blockAction(String userId, String actionId, String blockId, String value, String selectedDate) {
        return interactivity(messageAction(userId, actionId, blockId, value, selectedDate));
    }

    private JsonObject messageAction(String userId, String actionId, String blockId, String value, String selectedDate) {
        JsonObject payload = base("block_actions", userId);
        JsonObject action = new JsonObject();
        action.addProperty("type", selectedDate == null ? "button" : "datepicker");
        action.addProperty("action_id", actionId);
        action.addProperty("block_id", blockId);
        if (value != null) {
            action.addProperty("value", value);
        }
        if (selectedDate != null) {
            action.addProperty("selected_date", selectedDate);
        }
        action.addProperty("action_ts", "1.2");
        JsonArray actions = new JsonArray();
        actions.add(action);
        payload.add("actions", actions);
        JsonObject container = new JsonObject();
        container.addProperty("type", "message");
        container.addProperty("is_ephemeral", true);
        container.addProperty("channel_id", "C0GENERAL");
        payload.add("container", container);
        JsonObject channel = new JsonObject();
        channel.addProperty("id", "C0GENERAL");
        channel.addProperty("name", "general");
        payload.add("channel", channel);
        payload.addProperty("response_url", responseUrls.get());
        return payload;
    }

    /** A pick in an overflow menu on a message (ephemeral in a channel). */
    public Signed overflowAction(String userId, String actionId, String optionValue) {
        JsonObject payload = messageAction(userId, actionId, "b", null, null);
        JsonObject action = payload.getAsJsonArray("actions").get(0).getAsJsonObject();
        action.addProperty("type", "overflow");
        JsonObject option = new JsonObject();
        option.addProperty("value", optionValue);
        action.add("selected_option", option);
        return interactivity(payload);
    }

    /** A button click on the App Home. */
    public Signed homeAction(String userId, String actionId, String blockId, String value) {
        JsonObject payload = base("block_actions", userId);
        JsonObject action = new JsonObject();
        action.addProperty("type", "button");
        action.addProperty("action_id", actionId);
        action.addProperty("block_id", blockId);
        action.addProperty("value", value);
        action.addProperty("action_ts", "1.2");
        JsonArray actions = new JsonArray();
        actions.add(action);
        payload.add("actions", actions);
        JsonObject container = new JsonObject();
        container.addProperty("type", "view");
        container.addProperty("view_id", "VHOME");
        payload.add("container", container);
        JsonObject view = new JsonObject();
        view.addProperty("id", "VHOME");
        view.addProperty("type", "home");
        view.addProperty("team_id", teamId);
        view.add("blocks", new JsonArray());
        payload.add("view", view);
        return interactivity(payload);
    }

    /** A button click inside a modal: {@code view} is the view as Slack holds it, with its state. */
    public Signed viewAction(String userId, String actionId, JsonObject view) {
        JsonObject payload = base("block_actions", userId);
        JsonObject action = new JsonObject();
        action.addProperty("type", "button");
        action.addProperty("action_id", actionId);
        action.addProperty("block_id", "b");
        action.addProperty("action_ts", "1.2");
        JsonArray actions = new JsonArray();
        actions.add(action);
        payload.add("actions", actions);
        JsonObject container = new JsonObject();
        container.addProperty("type", "view");
        container.addProperty("view_id", view.get("id").getAsString());
        payload.add("container", container);
        payload.add("view", view);
        return interactivity(payload);
    }

    /** A modal submitted: {@code view} with its {@code state.values}, as Slack sends it. */
    public Signed viewSubmission(String userId, JsonObject view) {
        JsonObject payload = base("view_submission", userId);
        payload.add("view", view);
        return interactivity(payload);
    }

    private JsonObject base(String type, String userId) {
        JsonObject payload = new JsonObject();
        payload.addProperty("type", type);
        JsonObject team = new JsonObject();
        team.addProperty("id", teamId);
        team.addProperty("domain", "met-test");
        payload.add("team", team);
        JsonObject user = new JsonObject();
        user.addProperty("id", userId);
        user.addProperty("username", userId.toLowerCase());
        user.addProperty("team_id", teamId);
        payload.add("user", user);
        payload.addProperty("api_app_id", "A0MET");
        payload.addProperty("token", "deprecated-verification-token");
        payload.addProperty("trigger_id", "1.2.trigger-" + System.nanoTime());
        return payload;
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
