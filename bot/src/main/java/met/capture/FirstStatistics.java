package met.capture;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once enough debriefs have been saved, gives PostgreSQL statistics on the capture tables if it has never gathered
 * any (a fresh database), instead of waiting for autovacuum to.
 *
 * <p>Why: without statistics PostgreSQL planned the foreign-key check of each new meeting against {@code contact} over
 * an index that reads every contact of the team, so each capture cost more as the table grew. Autovacuum analyzes a
 * table once 50 of its rows have changed, but looks only once a minute: captures arriving in bulk on a fresh database
 * (the load benchmark, about 1,000 a second) ran at a fifth of their speed for that minute, and came back to full speed
 * within seconds of the first ANALYZE. A workspace whose captures come one at a time is analyzed long before it has
 * {@link #AFTER_DEBRIEFS}; then the check finds statistics there and does nothing.
 */
public final class FirstStatistics implements IntConsumer {
    private static final Logger log = LoggerFactory.getLogger(FirstStatistics.class);
    /**
     * Half a second of captures under the load benchmark; ten times the fifty changed rows after which autovacuum
     * analyzes a table, so that a workspace captured at any ordinary pace has its statistics long before.
     */
    public static final int AFTER_DEBRIEFS = 500;

    private final DSLContext db;
    private final int afterDebriefs;
    private final AtomicInteger saved = new AtomicInteger();
    private final CompletableFuture<Boolean> analyzed = new CompletableFuture<>();

    /** @param db connections apart from the requests' (the check runs beside the capture writer, not on it) */
    public FirstStatistics(DSLContext db, int afterDebriefs) {
        this.db = db;
        this.afterDebriefs = afterDebriefs;
    }

    /** Told how many debriefs the capture writer has just saved; the one call that crosses the threshold starts the check. */
    @Override
    public void accept(int debriefs) {
        int before = saved.getAndAdd(debriefs);
        if (before < afterDebriefs && before + debriefs >= afterDebriefs) {
            Thread check = new Thread(this::analyzeIfNeverAnalyzed, "met-first-statistics");
            check.setDaemon(true);
            check.start();
        }
    }

    /** Completes with whether the tables were analyzed here (false: they had statistics already, or it failed). */
    public CompletableFuture<Boolean> analyzed() {
        return analyzed;
    }

    private void analyzeIfNeverAnalyzed() {
        try {
            CaptureRepository repo = new CaptureRepository(db);
            boolean needed = repo.neverAnalyzed();
            if (needed) {
                long started = System.nanoTime();
                repo.analyzeCaptureTables();
                log.info("gave PostgreSQL its first statistics on the capture tables after {} debriefs, in {} ms",
                        saved.get(), (System.nanoTime() - started) / 1_000_000);
            }
            analyzed.complete(needed);
        } catch (RuntimeException e) {
            // Only a missed speed-up: autovacuum still analyzes the tables within its next minute.
            log.warn("could not analyze the capture tables: {}", e.getMessage());
            analyzed.complete(false);
        }
    }
}
