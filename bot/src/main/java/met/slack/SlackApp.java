package met.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import met.Config;

/** Bolt's {@link App}, configured explicitly (never from the environment) and pointed at SLACK_API_URL. */
public final class SlackApp {
    private SlackApp() {
    }

    public static App create(Config.Slack config) {
        SlackConfig slackConfig = new SlackConfig();
        slackConfig.setMethodsEndpointUrlPrefix(config.apiUrl());
        slackConfig.setPrettyResponseLoggingEnabled(false);
        AppConfig appConfig = AppConfig.builder()
                .slack(Slack.getInstance(slackConfig))
                .signingSecret(config.signingSecret())
                .singleTeamBotToken(config.botToken())
                .build();
        return new App(appConfig);
    }

    /** The Web API client outside listeners: the one bot token, through the same Slack instance as Bolt's. */
    public static SlackApi webApi(App app, Config.Slack config) {
        var client = app.config().getSlack().methods(config.botToken());
        return teamId -> client;
    }
}
