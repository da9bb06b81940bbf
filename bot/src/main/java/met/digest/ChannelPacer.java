package met.digest;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Slack lets an app post about one message per second to a channel (chat.postMessage's own limit, beside the
 * per-method tiers). Each post first takes the channel's next free slot here, so that work running side by side
 * (a pass and `met digest send`, retries) never bursts into one channel. Within this process only: replicas
 * rarely post to the same channel in the same second, and Slack's 429 with Retry-After covers the rest.
 */
final class ChannelPacer {
    private static final int FORGET_ABOVE = 10_000;

    private final long spacingNanos;
    private final ConcurrentHashMap<String, Long> lastSlot = new ConcurrentHashMap<>();

    ChannelPacer(Duration spacing) {
        this.spacingNanos = spacing.toNanos();
    }

    /** Waits, if need be, until the channel may get another message. */
    void await(String teamId, String channelId) throws InterruptedException {
        long now = System.nanoTime();
        long[] mine = new long[1];
        lastSlot.compute(teamId + "/" + channelId, (key, last) -> {
            mine[0] = last == null ? now : Math.max(now, last + spacingNanos);
            return mine[0];
        });
        if (lastSlot.size() > FORGET_ABOVE) { // slots in the past constrain nothing
            lastSlot.values().removeIf(slot -> slot < now - spacingNanos);
        }
        long wait = mine[0] - now;
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
