package met.http;

import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.util.SlackRequestParser;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET /slack/install and GET /slack/oauth_redirect in OAuth mode. Browsers, not Slack, call these, so there is no
 * signature: Bolt checks the state value (single use, ten minutes) and exchanges the code with Slack.
 */
public final class OAuthEndpoint implements Handler {
    private static final Logger log = LoggerFactory.getLogger(OAuthEndpoint.class);

    private final App app;
    private final SlackRequestParser parser;

    public OAuthEndpoint(App app) {
        this.app = app;
        this.parser = new SlackRequestParser(app.config());
    }

    @Override
    public void handle(Context ctx) throws Exception {
        Request<?> request = BoltBridge.toBolt(parser, ctx, "");
        if (request == null) {
            ctx.status(404).result("not found");
            return;
        }
        BoltBridge.write(app.run(request), ctx);
        log.info("oauth request path={} status={}", ctx.path(), ctx.statusCode());
    }
}
