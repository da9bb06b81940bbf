package met.testing;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake Slack Web API on loopback. It records every call (method, token, arguments), answers with plausible
 * defaults, can be scripted to fail ({@link #failNext}), and writes every view and message it receives to
 * {@code target/slack-payloads/} so they can be checked against Block Kit's rules.
 */
public final class FakeSlack implements AutoCloseable {
    public static final String TEAM_ID = "T0MET";
    public static final String BOT_USER_ID = "UMETBOT";
    /** What oauth.v2.access hands out: a second workspace installing Met. */
    public static final String OAUTH_TEAM_ID = "T0OAUTH";
    public static final String OAUTH_BOT_TOKEN = "xoxb-oauth-installed-token";
    public static final String OAUTH_ROTATED_TOKEN = "xoxb-oauth-rotated-token";
    private static final Set<String> PAYLOAD_METHODS = Set.of("views.open", "views.update", "views.push", "views.publish",
            "chat.postMessage", "chat.postEphemeral", "chat.update");
    private static final AtomicInteger payloadCounter = new AtomicInteger();
    private static final Gson gson = new Gson();

    /** A message Slack posted: in a channel, or in the DM with a user ("D" + the user's id, as conversations.open says). */
    private record Posted(String conversation, String ts, JsonObject args) {
    }

    /** One call as Slack would have received it. */
    public record Call(String method, String token, JsonObject args) {
        public String arg(String name) {
            JsonElement e = args.get(name);
            return e == null || e.isJsonNull() ? null : e.isJsonPrimitive() ? e.getAsString() : e.toString();
        }
    }

    /** A scripted answer: HTTP status, headers and body. */
    public record Answer(int status, Map<String, String> headers, String body) {
        private static final int DROPPED = -1;

        public static Answer okFalse(String error) {
            return new Answer(200, Map.of(), "{\"ok\":false,\"error\":\"" + error + "\"}");
        }

        public static Answer rateLimited(int retryAfterSeconds) {
            return new Answer(429, Map.of("Retry-After", Integer.toString(retryAfterSeconds)), "{\"ok\":false,\"error\":\"ratelimited\"}");
        }

        public static Answer serverError() {
            return new Answer(500, Map.of(), "internal error");
        }

        /**
         * Slack carries the call out, then the connection closes before any answer (a proxy or load balancer
         * dropping it): the caller sees "unexpected end of stream", and a chat.postMessage is posted all the same.
         */
        public static Answer connectionDropped() {
            return new Answer(DROPPED, Map.of(), "");
        }

        boolean dropped() {
            return status == DROPPED;
        }
    }

    /**
     * A call Slack has received and not answered yet, as when the network or Slack stalls mid-call: the caller waits
     * until {@link #release()} (or until this fake closes).
     */
    public static final class Hold {
        private final CountDownLatch received = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        /** Whether the held call has arrived (it is recorded in {@link #calls()} by then). */
        public boolean received() {
            return received.getCount() == 0;
        }

        /** Answers the held call (with what it would have got), if its caller is still there to read it. */
        public void release() {
            released.countDown();
        }
    }

    /** Bytes POSTed to an upload_url from files.getUploadURLExternal (upload v2), with the file's id and name. */
    public record Upload(String fileId, String filename, byte[] bytes) {
    }

    /** What conversations.info says about a channel (default: public, Met a member, not archived). */
    public record Channel(boolean isPrivate, boolean isMember, boolean isArchived) {
    }

    private final Map<String, String> timeZones = new ConcurrentHashMap<>();
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private volatile String socketModeUrl;
    private final Set<String> admins = ConcurrentHashMap.newKeySet();
    private final Map<String, String> uploadNames = new ConcurrentHashMap<>();
    private final List<Upload> uploads = new ArrayList<>();
    private final AtomicInteger fileIds = new AtomicInteger();
    private final HttpServer server;
    private final List<Call> calls = new ArrayList<>();
    private final Map<String, Deque<Answer>> scripted = new ConcurrentHashMap<>();
    private final Map<String, Hold> holds = new ConcurrentHashMap<>();
    /** What chat.postMessage posted (answered or held), oldest first, for conversations.history. */
    private final List<Posted> posted = new ArrayList<>();
    private final Map<Call, String> tsOfPost = new IdentityHashMap<>();
    private volatile Clock clock = Clock.systemUTC();
    private final List<Hold> everyHold = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Path payloadDir;
    private final String testName;

    static {
        // Without TCP_NODELAY the JDK's server holds small responses for the client's delayed ACK: ~40 ms a call.
        // Read once, when the first HttpServer is made.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private FakeSlack(String testName) {
        this.testName = testName.replaceAll("[^A-Za-z0-9_-]", "_");
        this.payloadDir = Path.of(System.getProperty("met.payloads.dir", "target/slack-payloads"));
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/", this::handle);
        server.createContext("/response/", this::handleResponseUrl);
        server.createContext("/upload/", this::handleUpload);
        server.setExecutor(executor);
        server.start();
    }

    /** @param testName names the payload files this fake writes */
    public static FakeSlack start(String testName) {
        return new FakeSlack(testName);
    }

    /** The Web API base to give Met as SLACK_API_URL. */
    public String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
    }

    /** Where Slack would have sent a response_url: recorded as calls of the method "response_url". */
    public String responseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/response/" + System.nanoTime();
    }

    /** apps.connections.open hands out this WebSocket address (a fake Socket Mode server's). */
    public void socketModeUrl(String url) {
        this.socketModeUrl = url;
    }

    /** Slack's clock, which dates the messages it posts (their ts); the real one unless a test moves Met's. */
    public void clock(Clock clock) {
        this.clock = clock;
    }

    /** users.info answers with this time zone for the user (default America/Los_Angeles). */
    public void timeZone(String userId, String zone) {
        timeZones.put(userId, zone);
    }

    /** users.info answers is_admin for the user (default false). */
    public void admin(String userId, boolean isAdmin) {
        if (isAdmin) {
            admins.add(userId);
        } else {
            admins.remove(userId);
        }
    }

    /** conversations.info answers this for the channel. */
    public void channel(String channelId, Channel channel) {
        channels.put(channelId, channel);
    }

    /** What was uploaded, in order; completed or not (see the files.completeUploadExternal calls). */
    public synchronized List<Upload> uploads() {
        return List.copyOf(uploads);
    }

    /** The next call of {@code method} gets {@code answer} instead of the default; several queue up in order. */
    public void failNext(String method, Answer answer) {
        scripted.computeIfAbsent(method, m -> new ArrayDeque<>()).add(answer);
    }

    /** The next call of {@code method} is recorded, then left unanswered until the returned hold is released. */
    public Hold holdNext(String method) {
        Hold hold = new Hold();
        everyHold.add(hold);
        holds.put(method, hold);
        return hold;
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public synchronized List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestURI().getPath().substring("/api/".length());
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        JsonObject args = contentType != null && contentType.startsWith("application/json")
                ? JsonParser.parseString(body).getAsJsonObject()
                : formToJson(body);
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : (args.has("token") ? args.get("token").getAsString() : null);
        args.remove("token");
        Call call = new Call(method, token, args);
        synchronized (this) {
            calls.add(call);
        }
        if (PAYLOAD_METHODS.contains(method)) {
            writePayload(method, args);
        }
        Deque<Answer> queued = scripted.get(method);
        if (method.equals("chat.postMessage") && (queued == null || queued.isEmpty() || queued.peek().dropped())) {
            post(call); // posted when received: a held call's message is in the channel before its answer comes
        }
        Hold hold = holds.remove(method);
        if (hold != null) {
            hold.received.countDown();
            awaitRelease(hold);
        }
        Deque<Answer> queue = scripted.get(method);
        Answer scriptedAnswer = queue == null ? null : queue.poll();
        respond(exchange, scriptedAnswer != null ? scriptedAnswer : new Answer(200, Map.of(), defaultAnswer(call)));
    }

    private synchronized void post(Call call) {
        Instant now = clock.instant();
        String ts = String.format("%d.%06d", now.getEpochSecond(), (now.getNano() / 1000 + posted.size()) % 1_000_000);
        String channel = String.valueOf(call.arg("channel"));
        posted.add(new Posted(channel.startsWith("U") || channel.startsWith("W") ? "D" + channel : channel, ts, call.args()));
        tsOfPost.put(call, ts);
    }

    /** conversations.history: the conversation's posts from {@code oldest} on, newest first, in one page. */
    private synchronized JsonArray history(Call call) {
        java.math.BigDecimal oldest = new java.math.BigDecimal(call.arg("oldest") == null ? "0" : call.arg("oldest"));
        boolean withMetadata = "true".equals(call.arg("include_all_metadata")) || "1".equals(call.arg("include_all_metadata"));
        JsonArray messages = new JsonArray();
        for (int i = posted.size() - 1; i >= 0; i--) {
            Posted p = posted.get(i);
            if (!p.conversation().equals(call.arg("channel")) || new java.math.BigDecimal(p.ts()).compareTo(oldest) < 0) {
                continue;
            }
            JsonObject message = new JsonObject();
            message.addProperty("type", "message");
            message.addProperty("ts", p.ts());
            message.addProperty("bot_id", "BMET");
            message.addProperty("text", String.valueOf(p.args().has("text") ? p.args().get("text").getAsString() : ""));
            JsonElement metadata = p.args().get("metadata");
            if (withMetadata && metadata != null) {
                message.add("metadata", metadata.isJsonPrimitive() ? JsonParser.parseString(metadata.getAsString()) : metadata);
            }
            messages.add(message);
        }
        return messages;
    }

    private static void awaitRelease(Hold hold) {
        try {
            hold.released.await();
        } catch (InterruptedException e) { // the fake is closing
            Thread.currentThread().interrupt();
        }
    }

    private void handleResponseUrl(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        JsonObject args = JsonParser.parseString(body).getAsJsonObject();
        synchronized (this) {
            calls.add(new Call("response_url", null, args));
        }
        writePayload("response_url", args);
        respond(exchange, new Answer(200, Map.of(), "ok"));
    }

    /** Where an upload_url points: the bytes are kept; "upload" in {@link #failNext} scripts a failure. */
    private void handleUpload(HttpExchange exchange) throws IOException {
        String fileId = exchange.getRequestURI().getPath().substring("/upload/".length());
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        Deque<Answer> queue = scripted.get("upload");
        Answer scriptedAnswer = queue == null ? null : queue.poll();
        if (scriptedAnswer == null) {
            synchronized (this) {
                uploads.add(new Upload(fileId, uploadNames.get(fileId), bytes));
            }
        }
        respond(exchange, scriptedAnswer != null ? scriptedAnswer : new Answer(200, Map.of(), "OK - " + bytes.length));
    }

    private String defaultAnswer(Call call) {
        JsonObject ok = new JsonObject();
        ok.addProperty("ok", true);
        switch (call.method()) {
            case "auth.test" -> {
                ok.addProperty("url", "https://met-test.slack.com/");
                ok.addProperty("team", "Met Test");
                ok.addProperty("user", "met");
                ok.addProperty("team_id", TEAM_ID);
                ok.addProperty("user_id", BOT_USER_ID);
                ok.addProperty("bot_id", "BMET");
            }
            case "views.open", "views.update", "views.push", "views.publish" -> {
                JsonObject view = viewOf(call);
                view.addProperty("id", "V" + Math.abs(view.toString().hashCode()));
                view.addProperty("hash", "h" + System.nanoTime());
                ok.add("view", view);
            }
            case "apps.connections.open" -> ok.addProperty("url", socketModeUrl);
            case "oauth.v2.access" -> { // an install into the fake's second workspace, with a rotating token
                ok.addProperty("app_id", "A0MET");
                boolean refresh = "refresh_token".equals(call.arg("grant_type"));
                ok.addProperty("access_token", refresh ? OAUTH_ROTATED_TOKEN : OAUTH_BOT_TOKEN);
                ok.addProperty("refresh_token", "xoxe-1-refresh");
                ok.addProperty("expires_in", 43200);
                ok.addProperty("token_type", "bot");
                ok.addProperty("scope", "commands,chat:write");
                ok.addProperty("bot_user_id", "UOAUTHBOT");
                JsonObject team = new JsonObject();
                team.addProperty("id", OAUTH_TEAM_ID);
                team.addProperty("name", "Installed Team");
                ok.add("team", team);
                ok.add("enterprise", com.google.gson.JsonNull.INSTANCE);
                ok.addProperty("is_enterprise_install", false);
                JsonObject installer = new JsonObject();
                installer.addProperty("id", "UINSTALLER");
                ok.add("authed_user", installer);
            }
            case "users.info" -> {
                JsonObject user = new JsonObject();
                String id = call.arg("user");
                String zone = timeZones.getOrDefault(id, "America/Los_Angeles");
                user.addProperty("id", id);
                user.addProperty("team_id", TEAM_ID);
                user.addProperty("name", id == null ? "someone" : id.toLowerCase());
                user.addProperty("real_name", "Teammate " + id);
                user.addProperty("tz", zone);
                user.addProperty("tz_offset", java.time.ZoneId.of(zone).getRules().getOffset(java.time.Instant.now()).getTotalSeconds());
                user.addProperty("is_admin", admins.contains(id));
                user.addProperty("is_owner", false);
                JsonObject profile = new JsonObject();
                profile.addProperty("display_name", "teammate-" + id);
                user.add("profile", profile);
                ok.add("user", user);
            }
            case "chat.postMessage", "chat.update" -> {
                String ts;
                synchronized (this) {
                    ts = tsOfPost.get(call);
                }
                ok.addProperty("channel", call.arg("channel"));
                ok.addProperty("ts", ts != null ? ts : String.format("%d.%06d", System.currentTimeMillis() / 1000, System.nanoTime() % 1_000_000));
            }
            case "conversations.history" -> {
                ok.add("messages", history(call));
                ok.addProperty("has_more", false);
            }
            case "conversations.info" -> {
                Channel channel = channels.getOrDefault(call.arg("channel"), new Channel(false, true, false));
                JsonObject c = new JsonObject();
                c.addProperty("id", call.arg("channel"));
                c.addProperty("name", "channel-" + call.arg("channel"));
                c.addProperty("is_channel", !channel.isPrivate());
                c.addProperty("is_group", channel.isPrivate());
                c.addProperty("is_private", channel.isPrivate());
                c.addProperty("is_member", channel.isMember());
                c.addProperty("is_archived", channel.isArchived());
                ok.add("channel", c);
            }
            case "conversations.open" -> {
                JsonObject channel = new JsonObject();
                String users = call.arg("users");
                channel.addProperty("id", "D" + (users == null ? "" : users.split(",")[0]));
                ok.add("channel", channel);
            }
            case "files.getUploadURLExternal" -> {
                String fileId = "F" + fileIds.incrementAndGet();
                uploadNames.put(fileId, String.valueOf(call.arg("filename")));
                ok.addProperty("upload_url", "http://127.0.0.1:" + server.getAddress().getPort() + "/upload/" + fileId);
                ok.addProperty("file_id", fileId);
            }
            case "files.completeUploadExternal" -> {
                JsonElement files = call.args().get("files");
                JsonArray completed = new JsonArray();
                if (files != null) {
                    JsonArray details = files.isJsonPrimitive() ? JsonParser.parseString(files.getAsString()).getAsJsonArray() : files.getAsJsonArray();
                    for (JsonElement detail : details) {
                        JsonObject file = new JsonObject();
                        String id = detail.getAsJsonObject().get("id").getAsString();
                        file.addProperty("id", id);
                        file.addProperty("name", uploadNames.get(id));
                        file.addProperty("title", detail.getAsJsonObject().has("title") ? detail.getAsJsonObject().get("title").getAsString() : uploadNames.get(id));
                        completed.add(file);
                    }
                }
                ok.add("files", completed);
            }
            default -> {
            }
        }
        return ok.toString();
    }

    private static JsonObject viewOf(Call call) {
        JsonElement view = call.args().get("view");
        if (view == null) {
            return new JsonObject();
        }
        return view.isJsonPrimitive() ? JsonParser.parseString(view.getAsString()).getAsJsonObject() : view.getAsJsonObject().deepCopy();
    }

    private void writePayload(String method, JsonObject args) {
        if (!args.has("view") && !args.has("blocks")) {
            return; // a text-only message has no Block Kit to check
        }
        JsonObject copy = args.deepCopy();
        for (String field : List.of("view", "blocks", "attachments")) { // the Java SDK sends these as JSON strings
            JsonElement e = copy.get(field);
            if (e != null && e.isJsonPrimitive()) {
                copy.add(field, JsonParser.parseString(e.getAsString()));
            }
        }
        write(payloadDir, testName + "-" + method, copy);
    }

    /** Writes a Slack payload (a view, a message body) for the Block Kit check; used for ack bodies as well. */
    public static void write(Path dir, String name, JsonElement payload) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(String.format("%s-%05d.json", name, payloadCounter.incrementAndGet())), gson.toJson(payload));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonObject formToJson(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            String[] kv = pair.split("=", 2);
            fields.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        JsonObject json = new JsonObject();
        fields.forEach(json::addProperty);
        return json;
    }

    private static void respond(HttpExchange exchange, Answer answer) throws IOException {
        if (answer.dropped()) {
            exchange.close(); // before any response headers: the JDK's server closes the connection
            return;
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops serving and ends its threads: a held call is released, and no handler thread outlives the fake. */
    @Override
    public void close() {
        everyHold.forEach(Hold::release);
        server.stop(0);
        executor.shutdownNow();
    }
}
