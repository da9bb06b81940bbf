package met.digest;

import java.time.Instant;
import java.time.ZoneId;

/**
 * A channel subscribed to the digest.
 *
 * @param createdAt when it was (re)started: digests due before it are not sent
 */
public record Subscription(String teamId, String channelId, Cadence cadence, ZoneId zone, String createdBy, boolean active,
                           String pausedReason, Instant createdAt) {
}
