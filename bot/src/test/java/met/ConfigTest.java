package met;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {
    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("SLACK_SIGNING_SECRET", "s3cret", "SLACK_BOT_TOKEN", "xoxb-1-2"));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private static void assertRejected(Map<String, String> env, String variable) {
        assertThatThrownBy(() -> Config.fromEnv(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(variable + ": ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void theDefaultsNeedOnlyTheSlackCredentials() {
        Config config = Config.fromEnv(env());

        assertThat(config.port()).isEqualTo(3000);
        assertThat(config.slack().apiUrl()).isEqualTo("https://slack.com/api/");
        assertThat(config.dispatchInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.database().embedded()).isTrue();
        assertThat(config.database().dataDir().getFileName()).hasToString("data");
        assertThat(config.admins()).isEmpty();
        assertThat(config.database().requestConnections()).isEmpty();
    }

    @Test
    void theRequestsConnectionsCanBeSetWithinBounds() {
        assertThat(Config.fromEnv(env("MET_DB_CONNECTIONS", "6")).database().requestConnections()).hasValue(6);
        assertThat(Config.fromEnv(env("MET_DB_CONNECTIONS", "6", "DATABASE_URL", "postgres://met@db/met")).database().requestConnections())
                .hasValue(6);
        assertRejected(env("MET_DB_CONNECTIONS", "0"), "MET_DB_CONNECTIONS");
        assertRejected(env("MET_DB_CONNECTIONS", "65"), "MET_DB_CONNECTIONS");
        assertRejected(env("MET_DB_CONNECTIONS", "many"), "MET_DB_CONNECTIONS");
    }

    @Test
    void metAdminsIsAListOfSlackUserIdsAndAnythingElseIsNamed() {
        assertThat(Config.fromEnv(env("MET_ADMINS", " U012AB3CD, W045EF6GH ,")).admins()).containsExactlyInAnyOrder("U012AB3CD", "W045EF6GH");

        assertRejected(env("MET_ADMINS", "U012AB3CD;U045EF6GH"), "MET_ADMINS");
        assertRejected(env("MET_ADMINS", "@dana"), "MET_ADMINS");
        assertRejected(env("MET_ADMINS", "<@U012AB3CD>"), "MET_ADMINS");
    }

    @Test
    void aMissingSigningSecretOrBotTokenIsNamed() {
        Map<String, String> noSecret = env();
        noSecret.remove("SLACK_SIGNING_SECRET");
        Map<String, String> noToken = env();
        noToken.remove("SLACK_BOT_TOKEN");

        assertRejected(noSecret, "SLACK_SIGNING_SECRET");
        assertRejected(noToken, "SLACK_BOT_TOKEN");
        assertRejected(env("SLACK_BOT_TOKEN", "xoxp-user-token"), "SLACK_BOT_TOKEN");
        assertRejected(env("SLACK_SIGNING_SECRET", "   "), "SLACK_SIGNING_SECRET");
    }

    @Test
    void malformedValuesAreNamedWithWhatIsExpected() {
        assertRejected(env("PORT", "http"), "PORT");
        assertRejected(env("PORT", "70000"), "PORT");
        assertRejected(env("MET_DISPATCH_INTERVAL", "1 minute"), "MET_DISPATCH_INTERVAL");
        assertRejected(env("MET_DISPATCH_INTERVAL", "PT0S"), "MET_DISPATCH_INTERVAL");
        assertRejected(env("SLACK_API_URL", "slack.com/api"), "SLACK_API_URL");
        assertRejected(env("DATABASE_URL", "mysql://localhost/met"), "DATABASE_URL");
        assertRejected(env("DATABASE_URL", "postgres://localhost"), "DATABASE_URL");
    }

    private static final String KEY = java.util.Base64.getEncoder().encodeToString(new byte[32]);

    @Test
    void oauthNeedsItsClientIdSecretAndAnEncryptionKeyAndNoBotToken() {
        Map<String, String> oauth = env("SLACK_CLIENT_ID", "123.456", "SLACK_CLIENT_SECRET", "shh", "MET_ENCRYPTION_KEY", KEY);
        oauth.remove("SLACK_BOT_TOKEN");

        Config config = Config.fromEnv(oauth);

        assertThat(config.slack().isOAuth()).isTrue();
        assertThat(config.toString()).doesNotContain("shh").doesNotContain(KEY);
        Map<String, String> noKey = new HashMap<>(oauth);
        noKey.remove("MET_ENCRYPTION_KEY");
        assertRejected(noKey, "MET_ENCRYPTION_KEY");
        Map<String, String> shortKey = new HashMap<>(oauth);
        shortKey.put("MET_ENCRYPTION_KEY", "c2hvcnQ=");
        assertRejected(shortKey, "MET_ENCRYPTION_KEY");
        Map<String, String> noSecret = new HashMap<>(oauth);
        noSecret.remove("SLACK_CLIENT_SECRET");
        assertRejected(noSecret, "SLACK_CLIENT_SECRET");
        assertRejected(env("SLACK_CLIENT_ID", "123.456", "SLACK_CLIENT_SECRET", "shh", "MET_ENCRYPTION_KEY", KEY), "SLACK_BOT_TOKEN");
    }

    @Test
    void socketModeNeedsAnAppTokenBesideTheBotToken() {
        assertThat(Config.fromEnv(env("SLACK_APP_TOKEN", "xapp-1-A1-2-abc")).slack().appToken()).contains("xapp-1-A1-2-abc");
        assertRejected(env("SLACK_APP_TOKEN", "xoxb-wrong-kind"), "SLACK_APP_TOKEN");
    }

    @Test
    void thePurgeGracePeriodIsThirtyDaysUnlessSet() {
        assertThat(Config.fromEnv(env()).purgeAfter()).isEqualTo(Duration.ofDays(30));
        assertThat(Config.fromEnv(env("MET_PURGE_AFTER", "P7D")).purgeAfter()).isEqualTo(Duration.ofDays(7));
        assertRejected(env("MET_PURGE_AFTER", "a month"), "MET_PURGE_AFTER");
    }

    @Test
    void aPostgresUrlBecomesAJdbcUrlWithItsCredentials() {
        Config.Database db = Config.fromEnv(env("DATABASE_URL", "postgres://met:p%40ss@db.internal:5433/met?sslmode=require")).database();

        assertThat(db.jdbcUrl()).contains("jdbc:postgresql://db.internal:5433/met?sslmode=require");
        assertThat(db.user()).contains("met");
        assertThat(db.password()).contains("p@ss");
        assertThat(db.toString()).doesNotContain("p@ss");
    }

    @Test
    void aJdbcUrlIsUsedAsGiven() {
        Config.Database db = Config.fromEnv(env("DATABASE_URL", "jdbc:postgresql://localhost/met?user=met")).database();

        assertThat(db.jdbcUrl()).contains("jdbc:postgresql://localhost/met?user=met");
        assertThat(db.embedded()).isFalse();
    }

    @Test
    void theApiUrlGetsItsTrailingSlashAndSecretsNeverPrint() {
        Config config = Config.fromEnv(env("SLACK_API_URL", "http://127.0.0.1:9999/api"));

        assertThat(config.slack().apiUrl()).isEqualTo("http://127.0.0.1:9999/api/");
        assertThat(config.toString()).doesNotContain("s3cret").doesNotContain("xoxb-1-2");
    }
}
