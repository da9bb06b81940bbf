package met.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.conversations.ConversationsHistoryResponse;
import com.slack.api.methods.response.conversations.ConversationsOpenResponse;
import com.slack.api.model.Message;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a post Met must deliver exactly once (a digest, a reminder) carries in its message metadata, so that Met can
 * find it again. Slack's chat.postMessage has no idempotency key: when its answer is lost (a read timeout, a reset
 * connection, the process killed mid-call) Slack may or may not have posted, and posting again may show the message
 * twice. Before such a post is tried again, {@link #lookUp} reads the conversation's history since the first
 * unconfirmed attempt and looks for this mark. Only ids go into it, never what a user typed.
 */
public record PostMark(String eventType, Map<String, String> payload) {
    /** Pages of history read at most; each holds up to {@value #PAGE} messages (Slack may return fewer). */
    private static final int MAX_PAGES = 5;
    private static final int PAGE = 100;
    /** Slack's clock and ours may differ; the history is read from a little before the first unconfirmed attempt. */
    private static final Duration SKEW = Duration.ofMinutes(2);
    /** History errors no retry will mend: Met cannot tell whether it posted. */
    private static final Set<String> CANNOT_READ = Set.of("missing_scope", "not_in_channel", "channel_not_found", "is_archived",
            "not_authed", "invalid_auth", "token_revoked", "token_expired", "account_inactive", "no_permission", "team_access_not_granted",
            "user_not_found", "cannot_dm_bot", "user_disabled");

    public PostMark {
        payload = Map.copyOf(payload);
    }

    public static PostMark of(String eventType, String key, String value) {
        return new PostMark(eventType, Map.of(key, value));
    }

    /** The metadata to post with. */
    public Message.Metadata metadata() {
        return Message.Metadata.builder().eventType(eventType).eventPayload(new LinkedHashMap<>(payload)).build();
    }

    /** Whether a message carries this mark. */
    boolean on(Message message) {
        Message.Metadata m = message.getMetadata();
        if (m == null || !eventType.equals(m.getEventType()) || m.getEventPayload() == null) {
            return false;
        }
        return payload.entrySet().stream().allMatch(e -> Objects.equals(e.getValue(), stringOf(m.getEventPayload().get(e.getKey()))));
    }

    private static String stringOf(Object value) {
        return value == null ? null : value.toString();
    }

    /** What the history said of an earlier post. */
    public sealed interface Lookup permits Lookup.Found, Lookup.Absent, Lookup.CannotTell, Lookup.TryLater {
        /** It was posted: this is its ts. */
        record Found(String ts) implements Lookup {
        }

        /** It is not there: post it. */
        record Absent() implements Lookup {
        }

        /** Met cannot read this conversation's history (say, an install from before Met asked for the scope). */
        record CannotTell(String error) implements Lookup {
        }

        /** Slack failed to answer; ask again later, not sooner than {@code retryAfter} (may be null). */
        record TryLater(String error, Duration retryAfter) implements Lookup {
        }
    }

    /** Looks for this mark in the conversation's messages since {@code since} (minus clock skew). */
    public Lookup lookUp(MethodsClient client, String conversationId, Instant since) {
        String oldest = since.minus(SKEW).getEpochSecond() + ".000000";
        String cursor = null;
        try {
            for (int page = 0; page < MAX_PAGES; page++) {
                String from = cursor;
                ConversationsHistoryResponse history = client.conversationsHistory(r -> r.channel(conversationId).oldest(oldest)
                        .inclusive(true).limit(PAGE).includeAllMetadata(true).cursor(from));
                if (!history.isOk()) {
                    String error = history.getError();
                    return CANNOT_READ.contains(error) ? new Lookup.CannotTell(error) : new Lookup.TryLater(error, null);
                }
                for (Message message : history.getMessages() == null ? List.<Message>of() : history.getMessages()) {
                    if (on(message)) {
                        return new Lookup.Found(message.getTs());
                    }
                }
                cursor = history.getResponseMetadata() == null ? null : history.getResponseMetadata().getNextCursor();
                if (!history.isHasMore() || cursor == null || cursor.isEmpty()) {
                    return new Lookup.Absent();
                }
            }
            // More than MAX_PAGES pages since the attempt: a channel this busy is read no further, so Met cannot tell.
            return new Lookup.CannotTell("more than " + MAX_PAGES * PAGE + " messages since the attempt");
        } catch (SlackApiException e) {
            return new Lookup.TryLater("history: HTTP " + e.getResponse().code(), SlackRetry.retryAfter(e));
        } catch (IOException e) {
            return new Lookup.TryLater("history: " + e.getClass().getSimpleName() + ": " + e.getMessage(), null);
        }
    }

    /** Looks for this mark in Met's direct messages with a user (a DM's id is not the user's: it is opened first). */
    public Lookup lookUpInDm(MethodsClient client, String userId, Instant since) {
        try {
            ConversationsOpenResponse dm = client.conversationsOpen(r -> r.users(List.of(userId)));
            if (!dm.isOk()) {
                return CANNOT_READ.contains(dm.getError()) ? new Lookup.CannotTell(dm.getError()) : new Lookup.TryLater(dm.getError(), null);
            }
            return lookUp(client, dm.getChannel().getId(), since);
        } catch (SlackApiException e) {
            return new Lookup.TryLater("conversations.open: HTTP " + e.getResponse().code(), SlackRetry.retryAfter(e));
        } catch (IOException e) {
            return new Lookup.TryLater("conversations.open: " + e.getClass().getSimpleName() + ": " + e.getMessage(), null);
        }
    }

    /**
     * Whether a call that failed this way may still have reached Slack: anything but failing to connect at all.
     * A read timeout or a reset after the request was written leaves the post's outcome unknown.
     */
    public static boolean mayHaveReached(IOException e) {
        return !(e instanceof ConnectException || e instanceof UnknownHostException || e instanceof NoRouteToHostException);
    }
}
