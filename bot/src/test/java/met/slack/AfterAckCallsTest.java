package met.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.methods.SlackApiException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * How an answer after the ack is tried again when Slack rate-limits it. Everything runs on the test's thread: the
 * executor runs a task at once, and the delay records how long it was asked to wait before running the retry.
 * (DebriefFormTest covers the same through Met and the fake Slack, with a real wait.)
 */
class AfterAckCallsTest {
    private final List<Duration> waits = new ArrayList<>();
    private final AfterAckCalls calls = new AfterAckCalls(Runnable::run, (wait, task) -> {
        waits.add(wait);
        task.run();
    }, AfterAckCalls.BACKLOG);

    @Test
    void aRateLimitedCallRunsAgainAfterSlacksRetryAfterUntilItGoesThrough() {
        AtomicInteger runs = new AtomicInteger();

        calls.execute("a confirmation", () -> {
            if (runs.incrementAndGet() < 3) {
                throw answered(429, "7");
            }
        });

        assertThat(runs).hasValue(3);
        assertThat(waits).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(7));
    }

    @Test
    void aCallStillRateLimitedIsGivenUpAfterItsTries() {
        AtomicInteger runs = new AtomicInteger();

        calls.execute("a confirmation", () -> {
            runs.incrementAndGet();
            throw answered(429, null);
        });

        assertThat(runs).hasValue(AfterAckCalls.ATTEMPTS);
        assertThat(waits).hasSize(AfterAckCalls.ATTEMPTS - 1).allMatch(Duration.ofSeconds(1)::equals);
    }

    @Test
    void aWaitLongerThanAnAnswerIsWorthIsNotWaited() {
        AtomicInteger runs = new AtomicInteger();

        calls.execute("a confirmation", () -> {
            runs.incrementAndGet();
            throw answered(429, Long.toString(AfterAckCalls.LONGEST_WAIT.toSeconds() + 1));
        });

        assertThat(runs).hasValue(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void otherFailuresAreNotTriedAgainSinceSlackMayHaveCarriedThemOut() {
        AtomicInteger runs = new AtomicInteger();

        calls.execute("a confirmation", () -> {
            runs.incrementAndGet();
            throw answered(500, null);
        });
        calls.execute("a confirmation", () -> {
            runs.incrementAndGet();
            throw new IOException("timeout");
        });

        assertThat(runs).hasValue(2);
        assertThat(waits).isEmpty();
    }

    @Test
    void pastTheBacklogAnAnswerIsDroppedInsteadOfQueuedWithoutEnd() {
        List<Runnable> queued = new ArrayList<>();
        AfterAckCalls behind = new AfterAckCalls(queued::add, (wait, task) -> waits.add(wait), 2);
        AtomicInteger runs = new AtomicInteger();

        for (int i = 0; i < 5; i++) {
            behind.execute("a confirmation", runs::incrementAndGet);
        }

        assertThat(queued).hasSize(2);
        assertThat(behind.waiting()).isEqualTo(2);
        assertThat(behind.dropped()).isEqualTo(3);
        queued.forEach(Runnable::run);
        assertThat(runs).hasValue(2);
        assertThat(behind.waiting()).isZero();
        behind.execute("a confirmation", runs::incrementAndGet); // room again once they ran
        assertThat(queued).hasSize(3);
    }

    @Test
    void anAnswerWaitingOutARetryAfterCountsAsWaiting() {
        List<Runnable> delayed = new ArrayList<>();
        AfterAckCalls behind = new AfterAckCalls(Runnable::run, (wait, task) -> delayed.add(task), 1);
        AtomicInteger runs = new AtomicInteger();

        behind.execute("a confirmation", () -> {
            if (runs.incrementAndGet() == 1) {
                throw answered(429, "1");
            }
        });
        assertThat(behind.waiting()).isEqualTo(1);
        behind.execute("another confirmation", runs::incrementAndGet);
        assertThat(behind.dropped()).isEqualTo(1);

        delayed.forEach(Runnable::run);
        assertThat(runs).hasValue(2);
        assertThat(behind.waiting()).isZero();
    }

    @Test
    void anAnswerAfterTheThreadsStoppedIsNotSentAndNotCountedAsWaiting() {
        AfterAckCalls stopped = new AfterAckCalls(task -> {
            throw new RejectedExecutionException("shut down");
        }, (wait, task) -> waits.add(wait), 2);

        stopped.execute("a confirmation", () -> { });

        assertThat(stopped.waiting()).isZero();
        assertThat(stopped.dropped()).isZero();
    }

    /** What the Web API client throws when Slack answers with an HTTP error. */
    private static SlackApiException answered(int status, String retryAfter) {
        Response.Builder response = new Response.Builder()
                .request(new Request.Builder().url("https://slack.com/api/chat.postEphemeral").build())
                .protocol(Protocol.HTTP_1_1).code(status).message("status " + status);
        if (retryAfter != null) {
            response.header("Retry-After", retryAfter);
        }
        return new SlackApiException(response.build(), "{\"ok\":false,\"error\":\"ratelimited\"}");
    }
}
