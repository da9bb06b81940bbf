package met.install;

import com.slack.api.bolt.service.OAuthStateService;
import java.time.Clock;
import java.time.Duration;
import org.jooq.DSLContext;

/** OAuth state values on PostgreSQL: valid for ten minutes, usable once (Bolt deletes a state it consumed). */
public final class PostgresOAuthStateService implements OAuthStateService {
    static final Duration LIFETIME = Duration.ofMinutes(10);

    private final DSLContext db;
    private final Clock clock;

    public PostgresOAuthStateService(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public long getExpirationInSeconds() {
        return LIFETIME.toSeconds();
    }

    @Override
    public void addNewStateToDatastore(String state) {
        InstallationRepository repository = new InstallationRepository(db);
        repository.deleteExpiredStates(clock.instant());
        repository.addState(state, clock.instant().plus(LIFETIME));
    }

    /** The expiry is enforced here, not left to the cookie: a state older than ten minutes is refused. */
    @Override
    public boolean isAvailableInDatabase(String state) {
        return state != null && new InstallationRepository(db).stateIsValid(state, clock.instant());
    }

    @Override
    public void deleteStateFromDatastore(String state) {
        new InstallationRepository(db).deleteState(state);
    }
}
