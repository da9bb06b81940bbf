package met.digest;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import met.slack.PostMark;
import met.slack.SlackApi;
import met.slack.SlackRetry;
import met.team.Period;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts one digest to one channel, exactly once: the (channel, period) row is claimed in digest_post before the
 * post, so a second replica, a second `met digest send`, a retry or a restart finds it taken; and an attempt whose
 * answer was lost (a timeout, a crash) is looked for in the channel before the digest is posted again
 * ({@link PostMark}). Slack's failures are retried with backoff, never sooner than its Retry-After, and given up with a
 * log line after {@value #MAX_ATTEMPTS} attempts; a channel Met can no longer post to pauses its subscription and
 * tells the subscriber once. The chart follows in the message's thread.
 */
public final class DigestSender {
    static final int MAX_ATTEMPTS = 8;
    /** The channel is gone for Met: archived, deleted, or Met was removed. Retrying cannot help; the subscription pauses. */
    static final Set<String> CHANNEL_GONE = Set.of("channel_not_found", "not_in_channel", "is_archived");
    /** Errors no retry will mend. */
    private static final Set<String> PERMANENT = Set.of("not_authed", "invalid_auth", "token_revoked", "token_expired",
            "account_inactive", "missing_scope", "no_permission", "restricted_action", "team_access_not_granted", "ekm_access_denied",
            "invalid_blocks", "invalid_blocks_format", "msg_blocks_too_long", "msg_too_long", "no_text", "too_many_attachments");
    private static final Logger log = LoggerFactory.getLogger(DigestSender.class);

    private final DSLContext db;
    private final DigestService digests;
    private final SlackApi slack;
    private final ChannelPacer pacer;
    private final Clock clock;

    public DigestSender(DSLContext db, DigestService digests, SlackApi slack, Clock clock) {
        this(db, digests, slack, new ChannelPacer(Duration.ofSeconds(1)), clock);
    }

    DigestSender(DSLContext db, DigestService digests, SlackApi slack, ChannelPacer pacer, Clock clock) {
        this.db = db;
        this.digests = digests;
        this.slack = slack;
        this.pacer = pacer;
        this.clock = clock;
    }

    /** A digest built and drawn, ready to post to any number of channels. */
    public record Prepared(Digest digest, byte[] chart) {
    }

    /** The closed outcomes of sending one digest to one channel. */
    public sealed interface Outcome permits Outcome.Sent, Outcome.Confirmed, Outcome.AlreadySent, Outcome.InProgress, Outcome.NotYetDue,
            Outcome.WillRetry, Outcome.GaveUp, Outcome.Paused {
        /** Posted now; the chart followed in its thread unless {@code chart} is false (a failed upload is only logged). */
        record Sent(String messageTs, boolean chart) implements Outcome {
        }

        /**
         * Posted by an earlier attempt whose answer was lost, found now in the channel: nothing was posted now. The
         * chart followed in its thread unless {@code chart} is false.
         */
        record Confirmed(String messageTs, boolean chart) implements Outcome {
        }

        /** Posted before: nothing was posted now. */
        record AlreadySent(Instant sentAt, String messageTs) implements Outcome {
        }

        /** Another replica or process holds the claim, or held it when it died: nothing was posted now. */
        record InProgress() implements Outcome {
        }

        /** A retry is scheduled and its time has not come. */
        record NotYetDue(Instant nextAttempt, String lastError) implements Outcome {
        }

        record WillRetry(Instant at, String error) implements Outcome {
        }

        /** Given up, now or earlier. */
        record GaveUp(String error) implements Outcome {
        }

        /** Met can no longer post in the channel: its subscription is paused. */
        record Paused(String error) implements Outcome {
        }
    }

    public Prepared prepare(String teamId, Period period, LocalDate asOf) {
        Digest digest = digests.build(teamId, period, asOf);
        return new Prepared(digest, DigestChart.png(digest));
    }

    /** What an operator's `met digest send` does: posts it now unless it went out (or is going out) already. */
    public Outcome sendNow(String teamId, String channelId, Period period, LocalDate asOf) {
        DigestPostRepository.Key key = new DigestPostRepository.Key(teamId, channelId, period);
        Optional<Outcome> settled = new DigestPostRepository(db).find(key).flatMap(DigestSender::settled);
        if (settled.isPresent()) {
            return settled.get(); // no need to build what will not be posted
        }
        return send(prepare(teamId, period, asOf), channelId, true);
    }

    /**
     * Claims and posts. {@code evenBeforeNextAttempt}: an operator may send a digest whose retry is scheduled
     * later; the dispatcher waits for it.
     */
    public Outcome send(Prepared prepared, String channelId, boolean evenBeforeNextAttempt) {
        Digest digest = prepared.digest();
        DigestPostRepository posts = new DigestPostRepository(db);
        DigestPostRepository.Key key = new DigestPostRepository.Key(digest.teamId(), channelId, digest.period());
        String what = "team=" + key.teamId() + " channel=" + channelId + " period=" + Periods.key(digest.period());
        Optional<DigestPostRepository.Post> claim = posts.claim(key, clock.instant(), evenBeforeNextAttempt);
        if (claim.isEmpty()) {
            return posts.find(key).map(DigestSender::current).orElseGet(Outcome.InProgress::new);
        }
        DigestPostRepository.Post claimed = claim.get();
        MethodsClient client = slack.client(key.teamId());
        PostMark mark = markOf(digest.period());
        Instant unconfirmedSince = claimed.unconfirmedSince();
        if (unconfirmedSince != null) { // an earlier attempt may have posted it: look before posting again
            PostMark.Lookup earlier = mark.lookUp(client, channelId, unconfirmedSince);
            if (earlier instanceof PostMark.Lookup.Found found) {
                posts.markSent(key, found.ts(), clock.instant());
                log.info("digest found in the channel, posted by an attempt whose answer was lost: {} ts={}", what, found.ts());
                return new Outcome.Confirmed(found.ts(), uploadChart(client, prepared, channelId, found.ts(), what));
            }
            if (earlier instanceof PostMark.Lookup.CannotTell cannot) {
                String why = "may have been posted, and Met cannot read the channel to check (" + cannot.error()
                        + "); not resent, to avoid a duplicate";
                posts.giveUp(key, why);
                log.warn("digest given up: {} error={}", what, why);
                return new Outcome.GaveUp(why);
            }
            if (earlier instanceof PostMark.Lookup.TryLater later) {
                return failed(posts, key, claimed.attempts(), what, later.error(), later.retryAfter(), true);
            }
        }
        String error;
        Duration retryAfter = null;
        boolean unconfirmed = false;
        try {
            pacer.await(key.teamId(), channelId);
            ChatPostMessageResponse response = client.chatPostMessage(r -> r.channel(channelId).unfurlLinks(false).unfurlMedia(false)
                    .text(DigestBlocks.text(digest)).blocks(DigestBlocks.message(digest, true)).metadata(mark.metadata()));
            if (response.isOk()) {
                posts.markSent(key, response.getTs(), clock.instant());
                log.info("digest sent: {} ts={}", what, response.getTs());
                return new Outcome.Sent(response.getTs(), uploadChart(client, prepared, channelId, response.getTs(), what));
            }
            error = response.getError();
            if (CHANNEL_GONE.contains(error)) {
                posts.giveUp(key, error);
                log.warn("digest given up, the channel is gone for Met: {} error={}", what, error);
                pause(key, error);
                return new Outcome.Paused(error);
            }
            if (PERMANENT.contains(error)) {
                posts.giveUp(key, error);
                log.warn("digest given up: {} error={}", what, error);
                return new Outcome.GaveUp(error);
            }
        } catch (SlackApiException e) {
            error = "HTTP " + e.getResponse().code();
            retryAfter = SlackRetry.retryAfter(e);
        } catch (IOException e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
            unconfirmed = PostMark.mayHaveReached(e);
        } catch (InterruptedException e) { // stopping while waiting for the channel's slot: nothing was posted
            Thread.currentThread().interrupt();
            posts.retryLater(key, clock.instant(), "interrupted before posting", false);
            return new Outcome.WillRetry(clock.instant(), "interrupted before posting");
        }
        return failed(posts, key, claimed.attempts(), what, error, retryAfter, unconfirmed);
    }

    /** What marks a digest's message, so that an attempt whose answer was lost can be found in the channel. */
    static PostMark markOf(Period period) {
        return PostMark.of("met_digest", "period", Periods.key(period));
    }

    /** An attempt failed: tried again after a backoff, or given up after {@value #MAX_ATTEMPTS} attempts. */
    private Outcome failed(DigestPostRepository posts, DigestPostRepository.Key key, int attempts, String what, String error,
                           Duration retryAfter, boolean unconfirmed) {
        if (attempts >= MAX_ATTEMPTS) {
            posts.giveUp(key, error);
            log.warn("digest given up after {} attempts: {} error={}", attempts, what, error);
            return new Outcome.GaveUp(error);
        }
        Instant next = clock.instant().plus(SlackRetry.backoff(attempts, retryAfter));
        posts.retryLater(key, next, error, unconfirmed);
        log.info("digest will be retried at {}{}: {} error={}", next, unconfirmed ? ", after looking for it in the channel" : "", what, error);
        return new Outcome.WillRetry(next, error);
    }

    /** The chart goes into the digest's thread (upload v2: get an upload URL, POST the bytes, complete into the thread). */
    private boolean uploadChart(MethodsClient client, Prepared prepared, String channelId, String threadTs, String what) {
        Digest digest = prepared.digest();
        try {
            var response = client.filesUploadV2(r -> r.channel(channelId).threadTs(threadTs)
                    .fileData(prepared.chart())
                    .filename("met-digest-" + Periods.key(digest.period()) + ".png")
                    .title(DigestBlocks.chartTitle(digest))
                    .altTxt(DigestBlocks.chartAltText(digest)));
            if (!response.isOk()) {
                log.warn("digest chart not uploaded: {} error={}", what, response.getError());
            }
            return response.isOk();
        } catch (Exception e) { // the digest itself is out; a missing chart is not worth a second digest
            log.warn("digest chart not uploaded: {} error={}", what, e.toString());
            return false;
        }
    }

    /** Pauses the channel's subscription; only the call that paused it sends the one DM. */
    private void pause(DigestPostRepository.Key key, String error) {
        Optional<String> subscriber = new SubscriptionRepository(db).pause(key.teamId(), key.channelId(), error);
        subscriber.ifPresent(userId -> {
            try {
                var dm = slack.client(key.teamId()).chatPostMessage(r -> r.channel(userId).text(DigestBlocks.pausedText(key.channelId(), error)));
                if (!dm.isOk()) {
                    log.warn("could not tell team={} user={} that the digest of channel={} is paused: {}", key.teamId(), userId,
                            key.channelId(), dm.getError());
                }
            } catch (Exception e) {
                log.warn("could not tell team={} user={} that the digest of channel={} is paused: {}", key.teamId(), userId,
                        key.channelId(), e.toString());
            }
        });
    }

    /** A row that no send will change: sent, failed, or held by someone else. */
    private static Optional<Outcome> settled(DigestPostRepository.Post post) {
        return "pending".equals(post.status()) ? Optional.empty() : Optional.of(current(post));
    }

    private static Outcome current(DigestPostRepository.Post post) {
        switch (post.status()) {
            case "sent":
                return new Outcome.AlreadySent(post.sentAt(), post.messageTs());
            case "failed":
                return new Outcome.GaveUp(post.lastError());
            case "pending":
                return new Outcome.NotYetDue(post.nextAttemptAt(), post.lastError());
            default:
                return new Outcome.InProgress();
        }
    }
}
