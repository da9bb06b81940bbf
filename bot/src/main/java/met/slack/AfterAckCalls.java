package met.slack;

import com.slack.api.methods.SlackApiException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Web API calls that answer a user after the ack (a saved form's confirmation, the form grown by a contact, a
 * referral's note, the App Home): run on the after-ack threads and, when Slack answers 429, run again once its Retry-After has
 * passed, holding no thread meanwhile. Slack's 429 means the call was not carried out, so trying again posts nothing
 * twice. Before, a rate-limited confirmation was dropped with a log line: the user saw the form close and never
 * learnt what was saved. Reminders and digests keep their own retries, which survive a restart (ReminderDispatcher,
 * DigestSender); these are bounded instead, since an answer minutes late is worth little.
 */
public final class AfterAckCalls {
    private static final Logger log = LoggerFactory.getLogger(AfterAckCalls.class);
    /** How often a call is tried in all, the first time included. */
    static final int ATTEMPTS = 5;
    /** A Retry-After longer than this (Slack's per-minute tiers ask for less) ends the tries. */
    static final Duration LONGEST_WAIT = Duration.ofMinutes(1);
    /** When a 429 comes without a Retry-After (Slack always sends one; a proxy may not). */
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(1);

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

    public AfterAckCalls(Executor executor) {
        // The JDK's shared delay thread only hands the call back to the after-ack threads once it is due.
        this(executor, (wait, task) -> CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS, executor).execute(task));
    }

    AfterAckCalls(Executor executor, Delay delay) {
        this.executor = executor;
        this.delay = delay;
    }

    /** @param what for the log: what the call does and for whom, never what the user typed */
    public void execute(String what, Call call) {
        executor.execute(() -> attempt(what, call, 1));
    }

    private void attempt(String what, Call call, int attempt) {
        try {
            call.run();
        } catch (SlackApiException e) {
            int status = e.getResponse().code();
            Duration retryAfter = SlackRetry.retryAfter(e);
            Duration wait = retryAfter == null ? DEFAULT_WAIT : retryAfter;
            if (status == 429 && attempt < ATTEMPTS && wait.compareTo(LONGEST_WAIT) <= 0) {
                log.info("{}: rate limited by Slack, try {} of {} in {} s", what, attempt + 1, ATTEMPTS, wait.toSeconds());
                delay.after(wait, () -> attempt(what, call, attempt + 1));
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
