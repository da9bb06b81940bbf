package met.followups;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import met.slack.PostMark;
import met.slack.SlackApi;
import met.slack.SlackRetry;
import met.workspace.Workspaces;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each teammate one DM on the day their follow-ups fall due, at 9:00 in their own time zone (or at the first
 * pass after, if Met was down). Every reminder is claimed in the database before it is sent, so replicas, restarts
 * and retries never send it twice (an attempt whose answer was lost is looked for in the DM first, see
 * {@link PostMark}); failures are retried with backoff (honouring Slack's Retry-After) and finally given up with a
 * log line.
 */
public final class ReminderDispatcher {
    public static final LocalTime SEND_AT = LocalTime.of(9, 0);
    static final int MAX_ATTEMPTS = 8;
    /** A claim older than this whose send never finished belongs to a process that died mid-send. */
    private static final Duration INTERRUPTED_AFTER = Duration.ofMinutes(10);
    /** Slack errors that no retry will mend. */
    private static final Set<String> PERMANENT = Set.of("channel_not_found", "user_not_found", "account_inactive", "user_disabled",
            "cannot_dm_bot", "not_authed", "invalid_auth", "token_revoked", "token_expired", "missing_scope", "no_permission",
            "invalid_blocks", "invalid_blocks_format", "msg_blocks_too_long", "team_access_not_granted");
    private static final Logger log = LoggerFactory.getLogger(ReminderDispatcher.class);

    private final DSLContext db;
    private final Workspaces workspaces;
    private final SlackApi slack;
    private final Clock clock;

    public ReminderDispatcher(DSLContext db, Workspaces workspaces, SlackApi slack, Clock clock) {
        this.db = db;
        this.workspaces = workspaces;
        this.slack = slack;
        this.clock = clock;
    }

    /** One pass: sends what is due now. Safe to run on several replicas at once. Returns how many DMs went out. */
    public int runOnce() {
        FollowUpRepository repo = new FollowUpRepository(db);
        Instant now = clock.instant();
        repo.releaseInterrupted(now.minus(INTERRUPTED_AFTER), now).forEach(r -> log.warn("reminder for team={} user={} day={} was interrupted"
                + " while sending; the DM is checked for it before it is sent again", r.teamId(), r.ownerId(), r.localDay()));
        int sent = 0;
        // The easternmost zones (UTC+14) are already a day ahead of UTC.
        for (FollowUpRepository.Owner owner : repo.ownersWithDue(LocalDate.ofInstant(now, ZoneId.of("UTC")).plusDays(1))) {
            try {
                if (remind(repo, owner, now)) {
                    sent++;
                }
            } catch (RuntimeException e) { // one teammate's failure must not stop everyone else's reminders
                log.error("reminder failed for team={} user={}", owner.teamId(), owner.ownerId(), e);
            }
        }
        return sent;
    }

    private boolean remind(FollowUpRepository repo, FollowUpRepository.Owner owner, Instant now) {
        ZonedDateTime local = now.atZone(workspaces.zoneOf(owner.teamId(), owner.ownerId()));
        LocalDate today = local.toLocalDate();
        List<FollowUp> due = repo.dueFor(owner.teamId(), owner.ownerId(), today);
        boolean onlyToday = due.stream().allMatch(f -> f.dueOn().isEqual(today));
        if (due.isEmpty() || onlyToday && local.toLocalTime().isBefore(SEND_AT)) {
            return false; // overdue ones (Met was down at 9:00) go out at once; today's wait for 9:00
        }
        Optional<FollowUpRepository.ReminderRow> claim = repo.claim(owner.teamId(), owner.ownerId(), today, now);
        if (claim.isEmpty()) {
            return false; // sent already, being sent by another replica, or waiting for its next attempt
        }
        FollowUpRepository.ReminderRow claimed = claim.get();
        String who = "team=" + owner.teamId() + " user=" + owner.ownerId() + " day=" + today;
        MethodsClient client = slack.client(owner.teamId());
        PostMark mark = markOf(today);
        Instant unconfirmedSince = claimed.unconfirmedSince();
        if (unconfirmedSince != null) { // an earlier attempt may have sent it: look before sending again
            PostMark.Lookup earlier = mark.lookUpInDm(client, owner.ownerId(), unconfirmedSince);
            if (earlier instanceof PostMark.Lookup.Found found) {
                repo.markSent(owner.teamId(), owner.ownerId(), today, due.stream().map(FollowUp::id).toList(), clock.instant());
                log.info("reminder found in the DM, sent by an attempt whose answer was lost: {} ts={}", who, found.ts());
                return false;
            }
            if (earlier instanceof PostMark.Lookup.CannotTell cannot) {
                String why = "may have been sent, and Met cannot read the DM to check (" + cannot.error()
                        + "); not resent, to avoid a duplicate";
                repo.giveUp(owner.teamId(), owner.ownerId(), today, why);
                log.warn("reminder given up: {} error={}", who, why);
                return false;
            }
            if (earlier instanceof PostMark.Lookup.TryLater later) {
                failed(repo, owner, today, claimed.attempts(), who, later.error(), later.retryAfter(), true);
                return false;
            }
        }
        String error;
        Duration retryAfter = null;
        boolean unconfirmed = false;
        try {
            ChatPostMessageResponse response = client.chatPostMessage(r -> r.channel(owner.ownerId())
                    .text(FollowUpBlocks.reminderText(due)).blocks(FollowUpBlocks.reminder(due, today)).metadata(mark.metadata()));
            if (response.isOk()) {
                repo.markSent(owner.teamId(), owner.ownerId(), today, due.stream().map(FollowUp::id).toList(), clock.instant());
                log.info("reminder sent: {} follow-ups={}", who, due.size());
                return true;
            }
            error = response.getError();
            if (PERMANENT.contains(error)) {
                repo.giveUp(owner.teamId(), owner.ownerId(), today, error);
                log.warn("reminder given up: {} error={}", who, error);
                return false;
            }
        } catch (SlackApiException e) {
            error = "HTTP " + e.getResponse().code();
            retryAfter = SlackRetry.retryAfter(e);
        } catch (IOException e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
            unconfirmed = PostMark.mayHaveReached(e);
        }
        failed(repo, owner, today, claimed.attempts(), who, error, retryAfter, unconfirmed);
        return false;
    }

    /** What marks a day's reminder in the owner's DM, so that an attempt whose answer was lost can be found there. */
    static PostMark markOf(LocalDate day) {
        return PostMark.of("met_reminder", "day", day.toString());
    }

    /** An attempt failed: tried again after a backoff, or given up after {@value #MAX_ATTEMPTS} attempts. */
    private void failed(FollowUpRepository repo, FollowUpRepository.Owner owner, LocalDate today, int attempts, String who, String error,
                        Duration retryAfter, boolean unconfirmed) {
        if (attempts >= MAX_ATTEMPTS) {
            repo.giveUp(owner.teamId(), owner.ownerId(), today, error);
            log.warn("reminder given up after {} attempts: {} error={}", attempts, who, error);
            return;
        }
        Duration wait = SlackRetry.backoff(attempts, retryAfter);
        repo.retryLater(owner.teamId(), owner.ownerId(), today, clock.instant().plus(wait), error, unconfirmed);
        log.info("reminder will be retried in {}s{}: {} error={}", wait.toSeconds(), unconfirmed ? ", after looking for it in the DM" : "",
                who, error);
    }
}
