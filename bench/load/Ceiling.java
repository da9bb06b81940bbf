import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import io.javalin.Javalin;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The framework ceiling of Met's load benchmark: a bare Bolt for Java app inside Javalin, the same stack as Met,
 * answering the signed /met command with a fixed ephemeral text. No database, no logging per request: what the
 * stack itself costs. Run by bench/load/run.sh as {@code java -cp bot/target/met.jar bench/load/Ceiling.java}.
 * Environment: PORT, SLACK_SIGNING_SECRET, SLACK_API_URL (Bolt calls auth.test once).
 */
public class Ceiling {
    public static void main(String[] args) {
        SlackConfig slackConfig = new SlackConfig();
        slackConfig.setMethodsEndpointUrlPrefix(System.getenv("SLACK_API_URL"));
        App app = new App(AppConfig.builder()
                .slack(Slack.getInstance(slackConfig))
                .signingSecret(System.getenv("SLACK_SIGNING_SECRET"))
                .singleTeamBotToken("xoxb-ceiling")
                .build());
        app.command("/met", (req, ctx) -> ctx.ack(r -> r.responseType("ephemeral").text("Saved.")));
        SlackRequestParser parser = new SlackRequestParser(app.config());

        Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.routes.post("/slack/events", ctx -> {
                // Bolt has no Javalin adapter: the raw body, headers and query go in, Bolt's response comes back.
                Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                ctx.headerMap().forEach((name, value) -> headers.put(name, List.of(value)));
                Request<?> request = parser.parse(SlackRequestParser.HttpRequest.builder()
                        .requestUri(ctx.path())
                        .queryString(ctx.queryParamMap())
                        .headers(new RequestHeaders(headers))
                        .requestBody(ctx.body())
                        .remoteAddress(ctx.ip())
                        .build());
                Response response = app.run(request);
                ctx.status(response.getStatusCode());
                if (response.getContentType() != null) {
                    ctx.contentType(response.getContentType());
                }
                ctx.result(response.getBody() == null ? "" : response.getBody());
            });
            cfg.routes.get("/readyz", ctx -> ctx.result("ready"));
        }).start("127.0.0.1", Integer.parseInt(System.getenv("PORT")));
    }
}
