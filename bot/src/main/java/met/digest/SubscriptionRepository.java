package met.digest;

import static met.db.jooq.Tables.DIGEST_SUBSCRIPTION;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import met.db.jooq.tables.records.DigestSubscriptionRecord;
import org.jooq.DSLContext;

/** The SQL of digest subscriptions. Every statement is scoped by team, except the dispatcher's look across teams. */
public final class SubscriptionRepository {
    private final DSLContext db;

    public SubscriptionRepository(DSLContext db) {
        this.db = db;
    }

    /** Subscribes the channel, or updates and resumes its subscription; returns what it was before. */
    public Optional<Subscription> subscribe(String teamId, String channelId, Cadence cadence, ZoneId zone, String userId, Instant now) {
        return db.transactionResult(tx -> {
            DSLContext t = tx.dsl();
            Optional<Subscription> before = t.selectFrom(DIGEST_SUBSCRIPTION)
                    .where(DIGEST_SUBSCRIPTION.TEAM_ID.eq(teamId), DIGEST_SUBSCRIPTION.CHANNEL_ID.eq(channelId))
                    .forUpdate()
                    .fetchOptional(SubscriptionRepository::map);
            t.insertInto(DIGEST_SUBSCRIPTION)
                    .set(DIGEST_SUBSCRIPTION.TEAM_ID, teamId)
                    .set(DIGEST_SUBSCRIPTION.CHANNEL_ID, channelId)
                    .set(DIGEST_SUBSCRIPTION.CADENCE, cadence.code())
                    .set(DIGEST_SUBSCRIPTION.TIME_ZONE, zone.getId())
                    .set(DIGEST_SUBSCRIPTION.CREATED_BY, userId)
                    .set(DIGEST_SUBSCRIPTION.STATUS, "active")
                    .set(DIGEST_SUBSCRIPTION.CREATED_AT, now.atOffset(ZoneOffset.UTC))
                    .onConflict(DIGEST_SUBSCRIPTION.TEAM_ID, DIGEST_SUBSCRIPTION.CHANNEL_ID)
                    .doUpdate()
                    .set(DIGEST_SUBSCRIPTION.CADENCE, cadence.code())
                    .set(DIGEST_SUBSCRIPTION.TIME_ZONE, zone.getId())
                    .set(DIGEST_SUBSCRIPTION.CREATED_BY, userId)
                    .set(DIGEST_SUBSCRIPTION.STATUS, "active")
                    .setNull(DIGEST_SUBSCRIPTION.PAUSED_REASON)
                    .set(DIGEST_SUBSCRIPTION.CREATED_AT, now.atOffset(ZoneOffset.UTC))
                    .execute();
            return before;
        });
    }

    public boolean unsubscribe(String teamId, String channelId) {
        return db.deleteFrom(DIGEST_SUBSCRIPTION)
                .where(DIGEST_SUBSCRIPTION.TEAM_ID.eq(teamId), DIGEST_SUBSCRIPTION.CHANNEL_ID.eq(channelId))
                .execute() == 1;
    }

    public Optional<Subscription> find(String teamId, String channelId) {
        return db.selectFrom(DIGEST_SUBSCRIPTION)
                .where(DIGEST_SUBSCRIPTION.TEAM_ID.eq(teamId), DIGEST_SUBSCRIPTION.CHANNEL_ID.eq(channelId))
                .fetchOptional(SubscriptionRepository::map);
    }

    /** Every active subscription, across teams: the dispatcher works out in Java which are due in their zones. */
    public List<Subscription> active() {
        return db.selectFrom(DIGEST_SUBSCRIPTION)
                .where(DIGEST_SUBSCRIPTION.STATUS.eq("active"))
                .fetch(SubscriptionRepository::map);
    }

    /**
     * Pauses an active subscription; returns who subscribed it only when this call paused it, so that whoever
     * pauses it (one replica, once) is the one who tells them.
     */
    public Optional<String> pause(String teamId, String channelId, String reason) {
        return db.update(DIGEST_SUBSCRIPTION)
                .set(DIGEST_SUBSCRIPTION.STATUS, "paused")
                .set(DIGEST_SUBSCRIPTION.PAUSED_REASON, reason)
                .where(DIGEST_SUBSCRIPTION.TEAM_ID.eq(teamId), DIGEST_SUBSCRIPTION.CHANNEL_ID.eq(channelId),
                        DIGEST_SUBSCRIPTION.STATUS.eq("active"))
                .returning(DIGEST_SUBSCRIPTION.CREATED_BY)
                .fetchOptional(DIGEST_SUBSCRIPTION.CREATED_BY);
    }

    private static Subscription map(DigestSubscriptionRecord r) {
        return new Subscription(r.getTeamId(), r.getChannelId(), Cadence.fromCode(r.getCadence()).orElse(Cadence.MONTHLY), zone(r.getTimeZone()),
                r.getCreatedBy(), "active".equals(r.getStatus()), r.getPausedReason(), r.getCreatedAt().toInstant());
    }

    private static ZoneId zone(String id) {
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) { // a zone the JDK no longer knows: UTC rather than no digest
            return ZoneOffset.UTC;
        }
    }
}
