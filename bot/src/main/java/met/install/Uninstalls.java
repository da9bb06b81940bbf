package met.install;

import com.slack.api.app_backend.events.payload.EventsApiPayload;
import com.slack.api.bolt.context.builtin.EventContext;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.service.InstallationService;
import com.slack.api.model.event.AppUninstalledEvent;
import com.slack.api.model.event.TokensRevokedEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * app_uninstalled and tokens_revoked: the installation's tokens are deleted at once, and the workspace's data after
 * the grace period (MET_PURGE_AFTER, 30 days), in case the uninstall was a mistake.
 */
public final class Uninstalls {
    private static final Logger log = LoggerFactory.getLogger(Uninstalls.class);

    private final DSLContext db;
    private final Optional<InstallationService> installations;
    private final Duration purgeAfter;
    private final Clock clock;

    public Uninstalls(DSLContext db, Optional<InstallationService> installations, Duration purgeAfter, Clock clock) {
        this.db = db;
        this.installations = installations;
        this.purgeAfter = purgeAfter;
        this.clock = clock;
    }

    public Response appUninstalled(EventsApiPayload<AppUninstalledEvent> payload, EventContext ctx) {
        uninstall(payload.getEnterpriseId(), payload.getTeamId());
        return ctx.ack();
    }

    public Response tokensRevoked(EventsApiPayload<TokensRevokedEvent> payload, EventContext ctx) {
        TokensRevokedEvent.Tokens tokens = payload.getEvent().getTokens();
        if (tokens != null && tokens.getBot() != null && !tokens.getBot().isEmpty()) {
            uninstall(payload.getEnterpriseId(), payload.getTeamId());
        }
        return ctx.ack();
    }

    private void uninstall(String enterpriseId, String teamId) {
        if (installations.isPresent()) {
            installations.get().deleteAll(enterpriseId, teamId);
        } else if (teamId != null) {
            new InstallationRepository(db).markUninstalled(teamId, clock.instant());
        }
        log.warn("Met was uninstalled from team={} enterprise={}; its data will be purged after {}", teamId, enterpriseId, purgeAfter);
    }

    /** A dispatch pass: deletes the data of workspaces uninstalled longer than the grace period ago. */
    public int purge() {
        int purged = new InstallationRepository(db).purgeUninstalledBefore(clock.instant().minus(purgeAfter));
        if (purged > 0) {
            log.info("purged the data of {} uninstalled workspace(s)", purged);
        }
        return purged;
    }
}
