package met.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.sql.DataSource;

/**
 * The pool, except that once it could not connect to the database at all, asking again within {@link #HOLD_NANOS}
 * fails at once instead of waiting the pool's timeout again. A Slack request may need the database two or three times;
 * when each waited a second for a server that is gone, answers came after Slack's 3 seconds. A pool that is merely
 * busy (every connection in use) does not trip it, and a successful readiness check resets it.
 */
final class FailFast extends DelegatingDataSource {
    static final long HOLD_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final LongSupplier nanoTime;
    private volatile long unavailableUntil;
    private volatile SQLException lastFailure;
    private volatile boolean tripped;

    FailFast(DataSource pool, LongSupplier nanoTime) {
        super(pool);
        this.nanoTime = nanoTime;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (tripped && nanoTime.getAsLong() - unavailableUntil < 0) {
            SQLException failure = lastFailure;
            throw new SQLTransientConnectionException("database unavailable (not asked again for a second): "
                    + Database.rootMessage(failure), failure.getSQLState(), failure);
        }
        try {
            return delegate.getConnection();
        } catch (SQLException e) {
            // The pool's timeout carries the last connection failure as its cause; a pool that is only busy has none.
            if (e.getCause() != null && Database.isUnavailable(e.getCause())) {
                lastFailure = e;
                unavailableUntil = nanoTime.getAsLong() + HOLD_NANOS;
                tripped = true;
            }
            throw e;
        }
    }

    /** Whether the database was found away and has not been seen back since. */
    boolean tripped() {
        return tripped;
    }

    /** The database answered (a readiness check): stop failing fast. */
    void reachable() {
        tripped = false;
    }
}
