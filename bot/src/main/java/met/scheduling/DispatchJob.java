package met.scheduling;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import java.util.List;
import java.util.function.IntSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every MET_DISPATCH_INTERVAL, looks for due work (reminders, later digests). db-scheduler runs each execution
 * of the recurring task on exactly one replica; the passes themselves also claim every message in the database
 * before sending it, so even two overlapping passes never send anything twice.
 */
public final class DispatchJob implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DispatchJob.class);

    /** A named pass; returns how many messages it sent. */
    public record Pass(String name, IntSupplier runOnce) {
    }

    private final Scheduler scheduler;

    private DispatchJob(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    public static DispatchJob start(DataSource dataSource, Duration interval, List<Pass> passes) {
        RecurringTask<Void> dispatch = Tasks.recurring("met-dispatch", FixedDelay.of(interval))
                .execute((instance, context) -> runAll(passes));
        Duration polling = interval.compareTo(Duration.ofSeconds(10)) < 0 ? interval : Duration.ofSeconds(10);
        Scheduler scheduler = Scheduler.create(dataSource)
                .startTasks(dispatch)
                .threads(1)
                .pollingInterval(polling)
                .heartbeatInterval(heartbeat(interval))
                .shutdownMaxWait(Duration.ofSeconds(10))
                .build();
        scheduler.start();
        return new DispatchJob(scheduler);
    }

    /**
     * A pass cut short by a kill -9 leaves the dispatch execution picked in db-scheduler's table, and no replica runs
     * it again until its heartbeat is six beats old (db-scheduler's limit). With the default beat of 5 minutes,
     * reminders and digests stopped everywhere for half an hour after such a crash; a beat of 2 to 10 s (one UPDATE
     * while a pass runs) brings them back within 80 s at most, or seconds in tests.
     */
    static Duration heartbeat(Duration interval) {
        Duration min = Duration.ofSeconds(2);
        Duration max = Duration.ofSeconds(10);
        return interval.compareTo(min) < 0 ? min : interval.compareTo(max) > 0 ? max : interval;
    }

    public static void runAll(List<Pass> passes) {
        for (Pass pass : passes) {
            try {
                int sent = pass.runOnce().getAsInt();
                if (sent > 0) {
                    log.info("dispatch {}: {} sent", pass.name(), sent);
                }
            } catch (RuntimeException e) { // one pass failing must not stop the others, nor the schedule
                log.error("dispatch {} failed", pass.name(), e);
            }
        }
    }

    @Override
    public void close() {
        scheduler.stop();
    }
}
