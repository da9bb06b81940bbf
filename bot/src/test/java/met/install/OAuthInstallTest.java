package met.install;

import static met.db.jooq.Tables.CONTACT;
import static met.db.jooq.Tables.INSTALLATION;
import static met.db.jooq.Tables.WORKSPACE;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import met.testing.FakeSlack;
import met.testing.MetClient;
import met.testing.MutableClock;
import met.testing.SlackRequests;
import met.testing.TestMet;
import org.jooq.Record;
import org.jooq.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OAuth for many workspaces, end to end against the fake Slack API: install, use, uninstall, purge. */
class OAuthInstallTest {
    private static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
    private MutableClock clock;
    private TestMet met;

    @BeforeEach
    void start() {
        // Bolt dates an installed token's expiry by the real clock (now + 12 h), so Met's clock starts near the real
        // time: at 20:00 UTC today, noon or 13:00 in Los Angeles. (A fixed 2026-11-25T20:00Z stopped reaching the
        // installed token's expiry 22 h later once the real time passed 2026-11-26T06:10Z.)
        clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(20)));
        Map<String, String> env = new HashMap<>();
        env.put("SLACK_BOT_TOKEN", null);
        env.put("SLACK_CLIENT_ID", "111.222");
        env.put("SLACK_CLIENT_SECRET", "client-secret-value");
        env.put("MET_ENCRYPTION_KEY", "k1:" + KEY);
        met = TestMet.startWith("OAuthInstallTest", clock, env);
    }

    @AfterEach
    void stop() {
        met.close();
    }

    /** Install → callback → the token is stored encrypted; returns the installed team's request helper. */
    private SlackRequests install() {
        MetClient.Reply page = met.client().get("/slack/install");
        assertThat(page.status()).isEqualTo(200);
        Matcher state = Pattern.compile("state=([A-Za-z0-9-]+)").matcher(page.body());
        assertThat(state.find()).as("an Add to Slack link with a state in %s", page.body()).isTrue();
        assertThat(page.body()).contains("https://slack.com/oauth/v2/authorize").contains("client_id=111.222");

        MetClient.Reply callback = met.client().send(met.client().request("/slack/oauth_redirect?code=the-code&state=" + state.group(1))
                .header("Cookie", "slack-app-oauth-state=" + state.group(1)).GET().build());

        assertThat(callback.status()).isIn(200, 302);
        assertThat(met.slack().calls("oauth.v2.access")).hasSize(1);
        return new SlackRequests(TestMet.SIGNING_SECRET, FakeSlack.OAUTH_TEAM_ID, met.slack()::responseUrl);
    }

    @Test
    void installingStoresTheTokenEncryptedAndCommandsThenWorkForThatWorkspace() {
        SlackRequests installed = install();

        var row = met.db().selectFrom(INSTALLATION).where(INSTALLATION.INSTALL_ID.eq(FakeSlack.OAUTH_TEAM_ID)).fetchSingle();
        assertThat(row.getBotToken()).startsWith("v1:k1:").doesNotContain("xoxb-");
        assertThat(row.getBotRefreshToken()).startsWith("v1:k1:").doesNotContain("xoxe-");
        assertThat(row.getInstallerUserId()).isEqualTo("UINSTALLER");

        MetClient.Reply help = met.post(installed.slashCommand("U1", "help"));
        assertThat(help.status()).isEqualTo(200);
        assertThat(help.json().get("text").getAsString()).contains("Met");
        met.post(installed.slashCommand("U1", ""));
        assertThat(met.slack().calls("views.open")).isNotEmpty()
                .allSatisfy(call -> assertThat(call.token()).isEqualTo(FakeSlack.OAUTH_BOT_TOKEN));
    }

    @Test
    void scheduledWorkRefreshesARotatingTokenBeforeUsingItAndSavesItEncrypted() {
        SlackRequests installed = install();
        met.post(installed.slashCommand("U1", "Rota Tion, Rotaco — follow up tomorrow"));

        clock.advance(Duration.ofHours(22)); // past the 12-hour life of the installed token, and 10:00 tomorrow in LA
        met.met().reminders().runOnce();

        List<FakeSlack.Call> dms = met.slack().calls("chat.postMessage");
        assertThat(dms).hasSize(1);
        assertThat(dms.get(0).token()).isEqualTo(FakeSlack.OAUTH_ROTATED_TOKEN);
        String stored = met.db().select(INSTALLATION.BOT_TOKEN).from(INSTALLATION).fetchSingle(INSTALLATION.BOT_TOKEN);
        assertThat(stored).startsWith("v1:k1:").doesNotContain("xoxb-");
        assertThat(TokenCipher.fromSetting("k1:" + KEY).decrypt(stored)).isEqualTo(FakeSlack.OAUTH_ROTATED_TOKEN);
    }

    @Test
    void aStateIsSingleUseAndExpiresAfterTenMinutes() {
        MetClient.Reply page = met.client().get("/slack/install");
        Matcher state = Pattern.compile("state=([A-Za-z0-9-]+)").matcher(page.body());
        assertThat(state.find()).isTrue();
        clock.advance(Duration.ofMinutes(11));

        MetClient.Reply late = met.client().send(met.client().request("/slack/oauth_redirect?code=c&state=" + state.group(1))
                .header("Cookie", "slack-app-oauth-state=" + state.group(1)).GET().build());

        assertThat(met.slack().calls("oauth.v2.access")).isEmpty();
        assertThat(late.body()).doesNotContain("Exception");
        assertThat(met.db().fetchCount(INSTALLATION)).isZero();
    }

    @Test
    void uninstallingRemovesTheTokensNowAndTheWorkspacesDataAfterTheGracePeriod() {
        SlackRequests installed = install();
        met.post(installed.slashCommand("U1", "Pat Purge, Purgeco"));
        assertThat(met.db().fetchCount(WORKSPACE, WORKSPACE.TEAM_ID.eq(FakeSlack.OAUTH_TEAM_ID))).isEqualTo(1);
        JsonObject event = new JsonObject();
        event.addProperty("type", "app_uninstalled");
        event.addProperty("event_ts", "1.2");

        met.post(installed.event("EvUninstall", event));

        assertThat(met.db().fetchCount(INSTALLATION)).isZero();
        met.met().dispatchNow();
        assertThat(met.db().fetchCount(WORKSPACE, WORKSPACE.TEAM_ID.eq(FakeSlack.OAUTH_TEAM_ID))).as("kept during the grace period").isEqualTo(1);
        clock.advance(Duration.ofDays(31));
        met.met().dispatchNow();
        assertThat(met.db().fetchCount(WORKSPACE, WORKSPACE.TEAM_ID.eq(FakeSlack.OAUTH_TEAM_ID))).isZero();
        assertThat(met.db().fetchCount(CONTACT, CONTACT.TEAM_ID.eq(FakeSlack.OAUTH_TEAM_ID))).isZero();
    }

    @Test
    void noTokenIsStoredInClearAnywhereInTheDatabase() {
        SlackRequests installed = install();
        met.post(installed.slashCommand("U1", "Dana Lee, Acme — follow up tomorrow"));

        for (Table<?> table : met.db().meta().getSchemas("public").get(0).getTables()) {
            for (Record row : met.db().selectFrom(table).fetch()) {
                for (Object value : row.intoArray()) {
                    assertThat(String.valueOf(value)).as("%s", table.getName()).doesNotContain("xoxb-").doesNotContain("xoxe-");
                }
            }
        }
    }
}
