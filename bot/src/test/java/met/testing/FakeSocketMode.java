package met.testing;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * A fake Slack Socket Mode endpoint on loopback: greets a connecting app with "hello", sends it envelopes as Slack
 * would, and keeps the acks it sends back (by envelope id).
 */
public final class FakeSocketMode implements AutoCloseable {
    private final Server server;
    private final int port;
    private final CountDownLatch connected = new CountDownLatch(1);
    private final Map<String, JsonObject> acks = new ConcurrentHashMap<>();
    private volatile WebSocket app;

    private FakeSocketMode(int port) {
        this.port = port;
        this.server = new Server(new InetSocketAddress("127.0.0.1", port));
        server.setReuseAddr(true);
        server.start();
    }

    public static FakeSocketMode start() {
        try (ServerSocket probe = new ServerSocket(0)) {
            return new FakeSocketMode(probe.getLocalPort());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public String url() {
        return "ws://127.0.0.1:" + port + "/link/?ticket=fake";
    }

    public void awaitConnection() throws InterruptedException {
        if (!connected.await(20, TimeUnit.SECONDS)) {
            throw new AssertionError("Met did not connect over Socket Mode");
        }
    }

    /** Sends an envelope, as Slack does for a slash command, an interaction or an event. */
    public void send(String envelopeId, String type, JsonObject payload) {
        JsonObject envelope = new JsonObject();
        envelope.addProperty("envelope_id", envelopeId);
        envelope.addProperty("type", type);
        envelope.addProperty("accepts_response_payload", true);
        envelope.add("payload", payload);
        app.send(envelope.toString());
    }

    /** The app's ack for an envelope, once it came. */
    public JsonObject ack(String envelopeId) {
        TestMet.await(java.time.Duration.ofSeconds(10), () -> acks.containsKey(envelopeId));
        return acks.get(envelopeId);
    }

    @Override
    public void close() throws InterruptedException {
        server.stop(1000);
    }

    private final class Server extends WebSocketServer {
        Server(InetSocketAddress address) {
            super(address);
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            app = conn;
            conn.send("{\"type\":\"hello\",\"num_connections\":1,\"debug_info\":{\"host\":\"fake\"},\"connection_info\":{\"app_id\":\"A0MET\"}}");
            connected.countDown();
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            JsonObject json = JsonParser.parseString(message).getAsJsonObject();
            if (json.has("envelope_id")) {
                acks.put(json.get("envelope_id").getAsString(), json);
            }
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
        }

        @Override
        public void onStart() {
        }
    }
}
