package met.digest;

import static met.db.jooq.Tables.DIGEST_POST;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.row;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import met.db.jooq.tables.records.DigestPostRecord;
import met.team.Period;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Row4;

/**
 * The SQL of posted digests: each (channel, period) is claimed here before it is posted, so that it goes out once
 * whichever replica, restart, retry or operator gets there first. Every statement is scoped by team, except the
 * dispatcher's looks across teams.
 */
public final class DigestPostRepository {
    private final DSLContext db;

    public DigestPostRepository(DSLContext db) {
        this.db = db;
    }

    /** One digest of one period in one channel. */
    public record Key(String teamId, String channelId, Period period) {
        LocalDate start() {
            return period.start();
        }

        String kind() {
            return Periods.kind(period);
        }

        Id id() {
            return new Id(teamId, channelId, start(), kind());
        }
    }

    /** The row's primary key. */
    record Id(String teamId, String channelId, LocalDate periodStart, String periodKind) {
    }

    public record Post(String teamId, String channelId, LocalDate periodStart, String periodKind, String status, int attempts,
                       Instant nextAttemptAt, Instant sentAt, String messageTs, String lastError, Instant unconfirmedSince) {
        Id id() {
            return new Id(teamId, channelId, periodStart, periodKind);
        }

        /** Not yet posted, and its next attempt has come. */
        public boolean dueAt(Instant now) {
            return "pending".equals(status) && !nextAttemptAt.isAfter(now);
        }
    }

    /**
     * Claims a digest: its row as claimed for exactly one caller, only while it is pending and (unless
     * {@code evenBeforeNextAttempt}, as `met digest send` asks) its next attempt is due; empty for any other. The row
     * is created on the first claim.
     */
    public Optional<Post> claim(Key key, Instant now, boolean evenBeforeNextAttempt) {
        db.insertInto(DIGEST_POST, DIGEST_POST.TEAM_ID, DIGEST_POST.CHANNEL_ID, DIGEST_POST.PERIOD_START, DIGEST_POST.PERIOD_KIND,
                        DIGEST_POST.NEXT_ATTEMPT_AT)
                .values(key.teamId(), key.channelId(), key.start(), key.kind(), at(now))
                .onConflictDoNothing()
                .execute();
        return db.update(DIGEST_POST)
                .set(DIGEST_POST.STATUS, "sending")
                .set(DIGEST_POST.ATTEMPTS, DIGEST_POST.ATTEMPTS.plus(1))
                .set(DIGEST_POST.CLAIMED_AT, at(now))
                .where(is(key), DIGEST_POST.STATUS.eq("pending"))
                .and(evenBeforeNextAttempt ? noCondition() : DIGEST_POST.NEXT_ATTEMPT_AT.le(at(now)))
                .returning()
                .fetchOptional()
                .map(DigestPostRepository::map);
    }

    public void markSent(Key key, String messageTs, Instant now) {
        db.update(DIGEST_POST)
                .set(DIGEST_POST.STATUS, "sent")
                .set(DIGEST_POST.SENT_AT, at(now))
                .set(DIGEST_POST.MESSAGE_TS, messageTs)
                .setNull(DIGEST_POST.LAST_ERROR)
                .where(is(key))
                .execute();
    }

    /**
     * A failed attempt: back to pending, to be tried again at {@code nextAttempt}. {@code mayHaveBeenPosted}: its
     * answer was lost, so the next attempt looks for it in the channel first, from the claim of the first such attempt on.
     */
    public void retryLater(Key key, Instant nextAttempt, String error, boolean mayHaveBeenPosted) {
        db.update(DIGEST_POST)
                .set(DIGEST_POST.STATUS, "pending")
                .set(DIGEST_POST.NEXT_ATTEMPT_AT, at(nextAttempt))
                .set(DIGEST_POST.LAST_ERROR, error)
                .set(DIGEST_POST.UNCONFIRMED_SINCE, mayHaveBeenPosted
                        ? coalesce(DIGEST_POST.UNCONFIRMED_SINCE, DIGEST_POST.CLAIMED_AT) : DIGEST_POST.UNCONFIRMED_SINCE)
                .where(is(key))
                .execute();
    }

    public void giveUp(Key key, String error) {
        db.update(DIGEST_POST)
                .set(DIGEST_POST.STATUS, "failed")
                .set(DIGEST_POST.LAST_ERROR, error)
                .where(is(key))
                .execute();
    }

    /**
     * Digests left 'sending' by a process that died mid-send. Slack may or may not have posted them: they become
     * pending again, unconfirmed, so that their next attempt looks for them in the channel before posting.
     */
    public List<Post> releaseInterrupted(Instant claimedBefore, Instant now) {
        return db.update(DIGEST_POST)
                .set(DIGEST_POST.STATUS, "pending")
                .set(DIGEST_POST.NEXT_ATTEMPT_AT, at(now))
                .set(DIGEST_POST.LAST_ERROR, "interrupted while sending")
                .set(DIGEST_POST.UNCONFIRMED_SINCE, coalesce(DIGEST_POST.UNCONFIRMED_SINCE, DIGEST_POST.CLAIMED_AT))
                .where(DIGEST_POST.STATUS.eq("sending"), DIGEST_POST.CLAIMED_AT.lt(at(claimedBefore)))
                .returning()
                .fetch(DigestPostRepository::map);
    }

    public Optional<Post> find(Key key) {
        return db.selectFrom(DIGEST_POST).where(is(key)).fetchOptional(DigestPostRepository::map);
    }

    /** The rows of these digests that exist, across teams, in one statement. */
    public List<Post> findAll(Collection<Key> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        List<Row4<String, String, LocalDate, String>> rows = keys.stream()
                .map(k -> row(k.teamId(), k.channelId(), k.start(), k.kind()))
                .toList();
        return db.selectFrom(DIGEST_POST)
                .where(row(DIGEST_POST.TEAM_ID, DIGEST_POST.CHANNEL_ID, DIGEST_POST.PERIOD_START, DIGEST_POST.PERIOD_KIND).in(rows))
                .fetch(DigestPostRepository::map);
    }

    private static Condition is(Key key) {
        return DIGEST_POST.TEAM_ID.eq(key.teamId()).and(DIGEST_POST.CHANNEL_ID.eq(key.channelId()))
                .and(DIGEST_POST.PERIOD_START.eq(key.start())).and(DIGEST_POST.PERIOD_KIND.eq(key.kind()));
    }

    private static Post map(DigestPostRecord r) {
        return new Post(r.getTeamId(), r.getChannelId(), r.getPeriodStart(), r.getPeriodKind(), r.getStatus(), r.getAttempts(),
                r.getNextAttemptAt().toInstant(), r.getSentAt() == null ? null : r.getSentAt().toInstant(), r.getMessageTs(), r.getLastError(),
                r.getUnconfirmedSince() == null ? null : r.getUnconfirmedSince().toInstant());
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
