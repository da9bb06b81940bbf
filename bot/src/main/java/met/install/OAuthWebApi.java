package met.install;

import com.slack.api.Slack;
import com.slack.api.bolt.model.Bot;
import com.slack.api.bolt.model.builtin.DefaultBot;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.oauth.OAuthV2AccessResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import met.Config;
import met.slack.SlackApi;
import met.slack.SlackApp;

/**
 * The Web API client for a workspace installed through OAuth, outside Bolt's listeners (reminders, digests). With
 * token rotation on, bot tokens live 12 hours: one that expires within ten minutes is refreshed and saved first.
 */
public final class OAuthWebApi implements SlackApi {
    private static final Duration REFRESH_BEFORE = Duration.ofMinutes(10);

    private final Slack slack;
    private final PostgresInstallationService installations;
    private final String clientId;
    private final String clientSecret;
    private final Clock clock;

    public OAuthWebApi(Slack slack, PostgresInstallationService installations, String clientId, String clientSecret, Clock clock) {
        this.slack = slack;
        this.installations = installations;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.clock = clock;
    }

    /** The Web API as Met wires it on {@code slack}: each workspace's installation in OAuth mode, else the one bot token. */
    public static SlackApi of(Slack slack, Config.Slack config, Optional<PostgresInstallationService> installations, Clock clock) {
        return config.oauth().<SlackApi>map(oauth -> new OAuthWebApi(slack, installations.orElseThrow(), oauth.clientId(), oauth.clientSecret(), clock))
                .orElseGet(() -> SlackApp.singleWorkspace(slack, config));
    }

    /** Thrown for a team without an installation (never installed, or uninstalled). */
    public static final class NotInstalled extends RuntimeException {
        NotInstalled(String teamId) {
            super("Met is not installed in team " + teamId);
        }
    }

    @Override
    public MethodsClient client(String teamId) {
        Bot bot = installations.findBot(null, teamId);
        if (bot == null) {
            throw new NotInstalled(teamId);
        }
        return slack.methods(fresh(bot).getBotAccessToken());
    }

    private Bot fresh(Bot bot) {
        if (bot.getBotRefreshToken() == null || bot.getBotTokenExpiresAt() == null
                || bot.getBotTokenExpiresAt() - clock.millis() > REFRESH_BEFORE.toMillis()) {
            return bot;
        }
        // oauth.v2.access with the refresh token, timed by Met's clock (the SDK's TokenRotator reads the system's).
        try {
            OAuthV2AccessResponse refreshed = slack.methods().oauthV2Access(r -> r.clientId(clientId).clientSecret(clientSecret)
                    .grantType("refresh_token").refreshToken(bot.getBotRefreshToken()));
            if (!refreshed.isOk()) {
                throw new IllegalStateException("oauth.v2.access: " + refreshed.getError());
            }
            DefaultBot updated = (DefaultBot) bot;
            updated.setBotAccessToken(refreshed.getAccessToken());
            updated.setBotRefreshToken(refreshed.getRefreshToken());
            updated.setBotTokenExpiresAt(clock.millis() + refreshed.getExpiresIn() * 1000L);
            installations.saveBot(updated);
            return updated;
        } catch (Exception e) {
            // The SDK's message never carries the token; the old token may still work for a few minutes.
            throw new IllegalStateException("refreshing the bot token of team " + bot.getTeamId() + " failed: " + e.getClass().getSimpleName());
        }
    }
}
