package met.workspace;

import java.time.Instant;

/** A teammate as cached from Slack's users.info. */
public record Member(String teamId, String userId, String displayName, String timeZone, boolean admin, Instant refreshedAt) {
}
