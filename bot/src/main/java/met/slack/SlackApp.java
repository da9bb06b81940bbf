package met.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.util.http.SlackHttpClient;
import met.Config;

/** Bolt's {@link App}, configured explicitly (never from the environment) and pointed at SLACK_API_URL. */
public final class SlackApp {
    public static final String INSTALL_PATH = "/slack/install";
    public static final String OAUTH_REDIRECT_PATH = "/slack/oauth_redirect";

    private SlackApp() {
    }

    /** In OAuth mode the caller adds the installation and state services before the first request. */
    public static App create(Config.Slack config) {
        AppConfig.AppConfigBuilder builder = AppConfig.builder()
                .slack(slack(config))
                .signingSecret(config.signingSecret())
                // SlackEndpoint verifies every signature before Bolt sees a request, more strictly than Bolt does
                // (both directions of the clock window, a size limit, constant time); a second HMAC of the same
                // bytes adds nothing. Socket Mode requests are not signed at all.
                .requestVerificationEnabled(false);
        if (config.oauth().isPresent()) {
            Config.OAuth oauth = config.oauth().get();
            builder.clientId(oauth.clientId())
                    .clientSecret(oauth.clientSecret())
                    .scope(Config.BOT_SCOPES)
                    .oauthInstallPath(INSTALL_PATH)
                    .oauthRedirectUriPath(OAUTH_REDIRECT_PATH)
                    // Without the cache Bolt calls auth.test on every request of every workspace.
                    .authTestCacheEnabled(true);
        } else {
            builder.singleTeamBotToken(config.botToken().orElseThrow());
        }
        App app = new App(builder.build());
        return config.oauth().isPresent() ? app.asOAuthApp(true) : app;
    }

    /** The Web API client, pointed at SLACK_API_URL. */
    public static Slack slack(Config.Slack config) {
        SlackConfig slackConfig = new SlackConfig();
        slackConfig.setMethodsEndpointUrlPrefix(config.apiUrl());
        slackConfig.setPrettyResponseLoggingEnabled(false);
        // The SDK's in-memory call statistics: Met never reads them, and keeping them cost CPU on every Web API call
        // and a background thread per workspace and method (seen under bench/load and in CI's thread dumps).
        slackConfig.setStatsEnabled(false);
        return Slack.getInstance(slackConfig);
    }

    /** The Web API client outside listeners in single-workspace mode: the one bot token. */
    public static SlackApi singleWorkspace(Slack slack, Config.Slack config) {
        var client = slack.methods(config.botToken().orElseThrow());
        return teamId -> client;
    }

    /**
     * The same client for posts that must reach Slack once (digests and reminders), except that it never sends a
     * request again by itself. OkHttp, under the SDK, quietly repeats a request whose connection failed after it was
     * written (a pooled connection the other end had closed, a connection dropped before the answer), and Slack may
     * have carried out the first one: chat.postMessage has no idempotency key, so that is a second post Met never
     * hears of. Without the retry the failure reaches Met, which marks the post unconfirmed and looks for it in the
     * conversation before posting again ({@link PostMark}). Connections and threads are shared with the app's client.
     */
    public static Slack withoutResends(Slack slack) {
        var http = slack.getHttpClient().getOkHttpClient().newBuilder().retryOnConnectionFailure(false).build();
        return Slack.getInstance(slack.getConfig(), new SlackHttpClient(http));
    }
}
