package met.slack;

import com.slack.api.methods.SlackApiException;
import java.time.Duration;

/** When to try a failed Web API call again (a reminder, a digest): after Slack's Retry-After, or a growing backoff. */
public final class SlackRetry {
    private static final Duration FIRST_BACKOFF = Duration.ofMinutes(1);
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);

    private SlackRetry() {
    }

    /** 1, 2, 4 … minutes after the {@code attempts}-th attempt, at most an hour; never sooner than {@code retryAfter} (may be null). */
    public static Duration backoff(int attempts, Duration retryAfter) {
        Duration exponential = FIRST_BACKOFF.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 10));
        Duration wait = exponential.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : exponential;
        return retryAfter != null && retryAfter.compareTo(wait) > 0 ? retryAfter : wait;
    }

    /** Slack's Retry-After (in seconds) on an HTTP error such as 429, or null when it sent none. */
    public static Duration retryAfter(SlackApiException e) {
        String header = e.getResponse().header("Retry-After");
        return header != null && header.matches("\\d{1,6}") ? Duration.ofSeconds(Long.parseLong(header)) : null;
    }
}
