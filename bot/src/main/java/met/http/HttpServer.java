package met.http;

import io.javalin.Javalin;
import io.javalin.http.HttpStatus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Javalin with Met's routes: Slack's endpoint and the operator's health, readiness and metrics. */
public final class HttpServer {
    /** In-flight requests get this long to finish when Met is asked to stop (SIGTERM). */
    public static final long STOP_TIMEOUT_MILLIS = 10_000;
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    private HttpServer() {
    }

    /** @param oauth the install and redirect pages, in OAuth mode */
    public static Javalin create(SlackEndpoint slack, java.util.Optional<OAuthEndpoint> oauth, BooleanSupplier databaseReady,
                                 PrometheusMeterRegistry metrics) {
        return Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jetty.modifyServer(server -> {
                // Javalin nests its handlers inside an existing wrapper, so this one sees every request and lets
                // Jetty's stop wait for the ones in flight instead of cutting them off.
                server.setHandler(new GracefulHandler());
                server.setStopTimeout(STOP_TIMEOUT_MILLIS);
            });
            cfg.routes.post("/slack/events", slack);
            oauth.ifPresent(endpoint -> {
                cfg.routes.get(met.slack.SlackApp.INSTALL_PATH, endpoint);
                cfg.routes.get(met.slack.SlackApp.OAUTH_REDIRECT_PATH, endpoint);
            });
            cfg.routes.get("/healthz", ctx -> ctx.result("ok"));
            cfg.routes.get("/readyz", ctx -> {
                boolean ready = databaseReady.getAsBoolean();
                ctx.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).result(ready ? "ready" : "database unavailable");
            });
            cfg.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
                ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).contentType("application/json").result("{\"error\":\"internal error\"}");
            });
        });
    }
}
