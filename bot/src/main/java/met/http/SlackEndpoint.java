package met.http;

import com.google.gson.JsonObject;
import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestType;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POST /slack/events: turns a Javalin request into a Bolt request and Bolt's response back, after checking what
 * Bolt does not (size, a strict signature window, content type). Bolt has no Javalin adapter; this is it.
 * Logs one line per request, without any text the user typed.
 */
public final class SlackEndpoint implements Handler {
    /** Slack's largest payloads (a full modal's state) are a few hundred kB. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final Logger log = LoggerFactory.getLogger(SlackEndpoint.class);

    private final App app;
    private final SlackRequestParser parser;
    private final SlackSignatureVerifier verifier;
    private final MeterRegistry registry;

    public SlackEndpoint(App app, SlackSignatureVerifier verifier, MeterRegistry registry) {
        this.app = app;
        this.parser = new SlackRequestParser(app.config());
        this.verifier = verifier;
        this.registry = registry;
    }

    @Override
    public void handle(Context ctx) throws IOException {
        long started = System.nanoTime();
        Request<?> request = null;
        String outcome;
        try {
            byte[] body = readBounded(ctx);
            if (body == null) {
                outcome = reject(ctx, 413, "request body too large");
            } else if (!verifier.isValid(ctx.header("X-Slack-Request-Timestamp"), ctx.header("X-Slack-Signature"), body)) {
                outcome = reject(ctx, 401, "invalid request");
            } else if (!isSlackContentType(ctx.contentType())) {
                outcome = reject(ctx, 415, "expected application/x-www-form-urlencoded or application/json");
            } else {
                request = parse(ctx, new String(body, StandardCharsets.UTF_8));
                outcome = request == null ? reject(ctx, 400, "malformed request") : run(ctx, request);
            }
        } finally {
            record(request, ctx.statusCode(), started);
        }
        log.info("slack request type={} team={} user={} outcome={} status={} ms={}",
                type(request), request == null ? "-" : request.getContext().getTeamId(),
                request == null ? "-" : request.getContext().getRequestUserId(), outcome, ctx.statusCode(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private String run(Context ctx, Request<?> request) {
        Response response;
        try {
            response = app.run(request);
        } catch (Exception e) {
            // The one place unexpected failures of listeners end up: logged once, answered usefully.
            log.error("listener failed: type={} team={} user={}", request.getRequestType(),
                    request.getContext().getTeamId(), request.getContext().getRequestUserId(), e);
            response = failure(request);
        }
        BoltBridge.write(response, ctx);
        return outcome(response.getStatusCode());
    }

    /** A slash command that fails must still tell the user something; Slack shows nothing useful for a 500. */
    private static Response failure(Request<?> request) {
        if (request.getRequestType() == RequestType.Command) {
            JsonObject body = new JsonObject();
            body.addProperty("response_type", "ephemeral");
            body.addProperty("text", ":warning: Met hit an unexpected problem and could not finish this. "
                    + "Please try again in a minute; if it keeps happening, tell whoever runs Met in your workspace.");
            return Response.builder().statusCode(200).contentType(Response.CONTENT_TYPE_APPLICATION_JSON_UTF8)
                    .body(body.toString()).build();
        }
        return Response.builder().statusCode(500).contentType(Response.CONTENT_TYPE_APPLICATION_JSON_UTF8)
                .body("{\"error\":\"internal error\"}").build();
    }

    private Request<?> parse(Context ctx, String body) {
        try {
            return BoltBridge.toBolt(parser, ctx, body);
        } catch (RuntimeException e) { // Gson and Bolt throw on bodies that are not what Slack sends
            return null;
        }
    }

    /** The body, or null when it is larger than {@link #MAX_BODY_BYTES}; never reads more than that. */
    private static byte[] readBounded(Context ctx) throws IOException {
        if (ctx.req().getContentLengthLong() > MAX_BODY_BYTES) {
            return null;
        }
        try (InputStream in = ctx.bodyInputStream()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            return body.length > MAX_BODY_BYTES ? null : body;
        }
    }

    private static boolean isSlackContentType(String contentType) {
        if (contentType == null) {
            return false;
        }
        String mime = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mime.equals("application/x-www-form-urlencoded") || mime.equals("application/json");
    }

    private static String reject(Context ctx, int status, String error) {
        JsonObject body = new JsonObject();
        body.addProperty("error", error);
        ctx.status(status).contentType("application/json").result(body.toString());
        return outcome(status);
    }

    private static String outcome(int status) {
        if (status < 400) {
            return "ok";
        }
        return switch (status) {
            case 401 -> "unauthorized";
            case 404 -> "no_listener";
            case 413 -> "too_large";
            default -> status >= 500 ? "error" : "bad_request";
        };
    }

    private void record(Request<?> request, int status, long started) {
        Timer.builder("met.slack.requests")
                .description("Requests to POST /slack/events by Slack request type and outcome")
                .tag("type", type(request))
                .tag("outcome", outcome(status))
                .register(registry)
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    private static String type(Request<?> request) {
        return request == null ? "unknown" : request.getRequestType().name();
    }
}
