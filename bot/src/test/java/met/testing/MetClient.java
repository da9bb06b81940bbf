package met.testing;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** Talks HTTP to a running Met, as Slack and operators do. */
public final class MetClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String payloadName;

    public MetClient(int port, String payloadName) {
        this.base = "http://127.0.0.1:" + port;
        this.payloadName = payloadName.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    /** A response; {@link #json()} parses the body (Bolt writes JSON with HTML escaping, so never compare strings). */
    public record Reply(int status, String body, String contentType, long millis) {
        public JsonObject json() {
            return JsonParser.parseString(body).getAsJsonObject();
        }
    }

    public Reply post(SlackRequests.Signed request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + "/slack/events"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", request.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach(builder::header);
        Reply reply = send(builder.build());
        keepAckPayload(reply);
        return reply;
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    public Reply send(HttpRequest request) {
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse(""), (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
    }

    /** Messages and views Met returns in acks are Slack payloads too: keep them for the Block Kit check. */
    private void keepAckPayload(Reply reply) {
        if (reply.status() != 200 || !reply.contentType().startsWith("application/json")) {
            return;
        }
        JsonElement json = JsonParser.parseString(reply.body());
        if (json.isJsonObject() && (json.getAsJsonObject().has("blocks") || json.getAsJsonObject().has("view"))) {
            FakeSlack.write(Path.of(System.getProperty("met.payloads.dir", "target/slack-payloads")), payloadName + "-ack", json);
        }
    }
}
