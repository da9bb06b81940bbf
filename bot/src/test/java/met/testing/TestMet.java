package met.testing;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import met.Config;
import met.Met;

/** Met started through the production wiring, on a fresh database, talking to a fake Slack API. */
public final class TestMet implements AutoCloseable {
    public static final String SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    public static final String BOT_TOKEN = "xoxb-test-token";

    private final FakeSlack slack;
    private final Met met;
    private final MetClient client;
    private final SlackRequests requests;

    private TestMet(FakeSlack slack, Met met, String name) {
        this.slack = slack;
        this.met = met;
        this.client = new MetClient(met.port(), name);
        this.requests = new SlackRequests(SIGNING_SECRET, FakeSlack.TEAM_ID, slack::responseUrl);
    }

    public static TestMet start(String name) {
        return start(name, Clock.systemUTC());
    }

    /** @param clock what Met takes for now: fixed, for tests about days and time zones */
    public static TestMet start(String name, Clock clock) {
        return start(name, clock, TestDatabase.get().fresh());
    }

    public static TestMet start(String name, Clock clock, Config.Database database) {
        return start(name, clock, database, Duration.ofHours(1));
    }

    /** Met with more settings: {@code env} adds to (and overrides) the test's defaults; a null value removes one. */
    public static TestMet startWith(String name, Clock clock, Map<String, String> env) {
        FakeSlack slack = FakeSlack.start(name);
        slack.clock(clock); // Slack dates its messages by the same now as Met
        try {
            Map<String, String> all = new java.util.HashMap<>(Map.of(
                    "SLACK_SIGNING_SECRET", SIGNING_SECRET,
                    "SLACK_BOT_TOKEN", BOT_TOKEN,
                    "SLACK_API_URL", slack.apiUrl(),
                    "PORT", "0",
                    "MET_DISPATCH_INTERVAL", "PT1H"));
            env.forEach((k, v) -> {
                if (v == null) {
                    all.remove(k);
                } else {
                    all.put(k, v);
                }
            });
            Config config = Config.fromEnv(all).withDatabase(TestDatabase.get().fresh());
            return new TestMet(slack, Met.start(config, clock), name);
        } catch (RuntimeException e) {
            slack.close();
            throw e;
        }
    }

    public static TestMet start(String name, Clock clock, Config.Database database, Duration dispatchInterval) {
        return start(name, clock, database, dispatchInterval, Map.of());
    }

    /** @param env further environment variables, e.g. MET_ADMINS */
    public static TestMet start(String name, Clock clock, Map<String, String> env) {
        return start(name, clock, TestDatabase.get().fresh(), Duration.ofHours(1), env);
    }

    private static TestMet start(String name, Clock clock, Config.Database database, Duration dispatchInterval, Map<String, String> env) {
        FakeSlack slack = FakeSlack.start(name);
        slack.clock(clock); // Slack dates its messages by the same now as Met
        try {
            return new TestMet(slack, Met.start(config(slack, database, dispatchInterval, env), clock), name);
        } catch (RuntimeException e) {
            slack.close();
            throw e;
        }
    }

    /**
     * Met's configuration against the fake. The dispatcher runs at start-up and then hourly: tests run passes
     * themselves ({@code met().reminders().runOnce()}) with a clock they move, unless they set an interval.
     */
    public static Config config(FakeSlack slack, Config.Database database) {
        return config(slack, database, Duration.ofHours(1));
    }

    public static Config config(FakeSlack slack, Config.Database database, Duration dispatchInterval) {
        return config(slack, database, dispatchInterval, Map.of());
    }

    /** @param env further environment variables (MET_ADMINS…) */
    public static Config config(FakeSlack slack, Config.Database database, Duration dispatchInterval, Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.putAll(Map.of(
                "SLACK_SIGNING_SECRET", SIGNING_SECRET,
                "SLACK_BOT_TOKEN", BOT_TOKEN,
                "SLACK_API_URL", slack.apiUrl(),
                "PORT", "0",
                "MET_DISPATCH_INTERVAL", dispatchInterval.toString()));
        return Config.fromEnv(all).withDatabase(database);
    }

    public MetClient.Reply command(String userId, String text) {
        return client.post(requests.slashCommand(userId, text));
    }

    public MetClient.Reply post(SlackRequests.Signed request) {
        return client.post(request);
    }

    /** Met's database, for tests to check what was stored. */
    public org.jooq.DSLContext db() {
        return met.database().dsl();
    }

    public FakeSlack slack() {
        return slack;
    }

    public MetClient client() {
        return client;
    }

    public SlackRequests requests() {
        return requests;
    }

    public Met met() {
        return met;
    }

    /** Waits for a condition with a deadline: the tests never sleep for a fixed time instead. */
    public static void await(Duration deadline, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within " + deadline);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        met.close();
        slack.close();
    }
}
