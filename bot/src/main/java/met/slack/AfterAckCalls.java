package met.slack;

import com.slack.api.methods.SlackApiException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Web API calls that answer a user after the ack (a saved form's confirmation, the form grown by a contact, a
 * referral's note, the App Home): run on the after-ack threads and, when Slack answers 429, run again once its Retry-After has
 * passed, holding no thread meanwhile. Slack's 429 means the call was not carried out, so trying again posts nothing
 * twice. Before, a rate-limited confirmation was dropped with a log line: the user saw the form close and never
 * learnt what was saved. Reminders and digests keep their own retries, which survive a restart (ReminderDispatcher,
 * DigestSender); these are bounded instead, since an answer minutes late is worth little.
 *
 * <p>How many answers wait is bounded too ({@link #BACKLOG}); past it an answer is dropped with a log line. Under a
 * load the after-ack threads cannot keep up with (bench/load --forms 100: 550 forms a second, their confirmations
 * posted at a fraction of that), the queue grew without end: 95,053 confirmations waiting held some 200 MB of a
 * 256 MB heap, and the collector then took the cores (README Performance). What the user saved is in the database
 * either way; only the message saying so is lost, and real Slack rate-limits such a flood long before this.
 */
public final class AfterAckCalls {
    private static final Logger log = LoggerFactory.getLogger(AfterAckCalls.class);
    /** How often a call is tried in all, the first time included. */
    static final int ATTEMPTS = 5;
    /** A Retry-After longer than this (Slack's per-minute tiers ask for less) ends the tries. */
    static final Duration LONGEST_WAIT = Duration.ofMinutes(1);
    /** When a 429 comes without a Retry-After (Slack always sends one; a proxy may not). */
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(1);
    /**
     * Answers waiting at most (for a thread, or out a Retry-After): about 10 MB of confirmations. Slack posts some
     * hundred ephemeral messages a minute for a workspace, so an answer behind this many would come far too late.
     */
    public static final int BACKLOG = 5_000;
    /** A dropped answer is logged the first time and then once in this many, not once each in a flood. */
    private static final int LOG_EVERY = 1_000;

    /** A call that answers a user; fails as the Web API client does. */
    @FunctionalInterface
    public interface Call {
        void run() throws IOException, SlackApiException;
    }

    /** Runs a task once a wait has passed. */
    @FunctionalInterface
    interface Delay {
        void after(Duration wait, Runnable task);
    }

    private final Executor executor;
    private final Delay delay;
    private final int backlog;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();

    public AfterAckCalls(Executor executor) {
        // The JDK's shared delay thread only hands the call back to the after-ack threads once it is due.
        this(executor, (wait, task) -> CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS, Runnable::run).execute(task), BACKLOG);
    }

    AfterAckCalls(Executor executor, Delay delay, int backlog) {
        this.executor = executor;
        this.delay = delay;
        this.backlog = backlog;
    }

    /** @param what for the log: what the call does and for whom, never what the user typed */
    public void execute(String what, Call call) {
        if (admitted(what)) {
            submit(what, call, 1);
        }
    }

    /** Answers waiting for a thread or out a Retry-After (a gauge in /metrics). */
    public int waiting() {
        return waiting.get();
    }

    /** Answers dropped since start because {@link #BACKLOG} were waiting (a counter in /metrics). */
    public long dropped() {
        return dropped.get();
    }

    /** Counts an answer in as waiting; false, and counted as dropped, when the backlog is full. */
    private boolean admitted(String what) {
        if (waiting.incrementAndGet() <= backlog) {
            return true;
        }
        waiting.decrementAndGet();
        long n = dropped.incrementAndGet();
        if (n == 1 || n % LOG_EVERY == 0) {
            log.warn("{} not sent: {} answers already waiting, Met is behind ({} dropped since start)", what, backlog, n);
        }
        return false;
    }

    /** Hands an admitted answer to the after-ack threads; it stops counting as waiting once it runs. */
    private void submit(String what, Call call, int attempt) {
        try {
            executor.execute(() -> {
                waiting.decrementAndGet();
                attempt(what, call, attempt);
            });
        } catch (RejectedExecutionException e) { // the threads are stopping with Met
            waiting.decrementAndGet();
            log.warn("{} not sent: Met is stopping", what);
        }
    }

    private void attempt(String what, Call call, int attempt) {
        try {
            call.run();
        } catch (SlackApiException e) {
            int status = e.getResponse().code();
            Duration retryAfter = SlackRetry.retryAfter(e);
            Duration wait = retryAfter == null ? DEFAULT_WAIT : retryAfter;
            if (status == 429 && attempt < ATTEMPTS && wait.compareTo(LONGEST_WAIT) <= 0) {
                if (admitted(what)) {
                    log.info("{}: rate limited by Slack, try {} of {} in {} s", what, attempt + 1, ATTEMPTS, wait.toSeconds());
                    delay.after(wait, () -> submit(what, call, attempt + 1));
                }
            } else {
                log.warn("{} failed: HTTP {}{}", what, status,
                        status == 429 ? " (rate limited at try " + attempt + " of " + ATTEMPTS + ", Retry-After " + wait.toSeconds() + " s: given up)" : "");
            }
        } catch (IOException e) {
            log.warn("{} failed: {}", what, e.toString());
        } catch (RuntimeException e) { // a bug, or the database failing: worth its stack trace
            log.error("{} failed", what, e);
        }
    }
}
