package met.install;

import com.slack.api.Slack;
import com.slack.api.bolt.model.Bot;
import com.slack.api.bolt.model.builtin.DefaultBot;
import com.slack.api.methods.MethodsClient;
import com.slack.api.token_rotation.RefreshedToken;
import com.slack.api.token_rotation.TokenRotator;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import met.slack.SlackApi;

/**
 * The Web API client for a workspace installed through OAuth, outside Bolt's listeners (reminders, digests). With
 * token rotation on, bot tokens live 12 hours: one that expires within ten minutes is refreshed and saved first.
 */
public final class OAuthWebApi implements SlackApi {
    private static final Duration REFRESH_BEFORE = Duration.ofMinutes(10);

    private final Slack slack;
    private final PostgresInstallationService installations;
    private final TokenRotator rotator;
    private final Clock clock;

    public OAuthWebApi(Slack slack, PostgresInstallationService installations, String clientId, String clientSecret, Clock clock) {
        this.slack = slack;
        this.installations = installations;
        this.rotator = new TokenRotator(slack.methods(), REFRESH_BEFORE.toMillis(), clientId, clientSecret);
        this.clock = clock;
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
        try {
            Optional<RefreshedToken> refreshed = rotator.performTokenRotation(t -> t.accessToken(bot.getBotAccessToken())
                    .refreshToken(bot.getBotRefreshToken()).expiresAt(bot.getBotTokenExpiresAt()));
            if (refreshed.isEmpty()) {
                return bot;
            }
            DefaultBot updated = (DefaultBot) bot;
            updated.setBotAccessToken(refreshed.get().getAccessToken());
            updated.setBotRefreshToken(refreshed.get().getRefreshToken());
            updated.setBotTokenExpiresAt(refreshed.get().getExpiresAt());
            installations.saveBot(updated);
            return updated;
        } catch (Exception e) {
            // The SDK's message never carries the token; the old token may still work for a few minutes.
            throw new IllegalStateException("refreshing the bot token of team " + bot.getTeamId() + " failed: " + e.getClass().getSimpleName());
        }
    }
}
