package met.workspace;

import com.slack.api.methods.response.users.UsersInfoResponse;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import met.slack.SlackApi;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Workspaces and their members: makes sure a team exists, and knows each teammate's own time zone. */
public final class Workspaces {
    /** Time zones and names change rarely; users.info is asked at most once a day per teammate. */
    static final Duration MEMBER_TTL = Duration.ofDays(1);
    /** Who is an admin matters more (export, erasure): that is checked again with Slack after an hour. */
    static final Duration ADMIN_TTL = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(Workspaces.class);

    /**
     * Nearly every request needs its workspace row to exist and its teammate's zone: both are kept in memory this long,
     * so that a capture reads neither (found by the load benchmark: they were two of a capture's round trips).
     */
    static final Duration MEMORY_TTL = Duration.ofMinutes(10);
    /** Bounds the memory a very large install can take; past it the zones are simply read again. */
    private static final int MAX_REMEMBERED = 100_000;

    private final DSLContext db;
    private final SlackApi slack;
    private final Clock clock;
    private final Map<String, Instant> ensured = new ConcurrentHashMap<>();
    private final Map<String, Remembered> zones = new ConcurrentHashMap<>();

    private record Remembered(ZoneId zone, Instant at) {
    }

    public Workspaces(DSLContext db, SlackApi slack, Clock clock) {
        this.db = db;
        this.slack = slack;
        this.clock = clock;
    }

    public void ensure(String teamId, String enterpriseId) {
        // A workspace row is only ever deleted 30 days after its uninstall, when no request can come from it.
        Instant now = clock.instant();
        Instant at = ensured.get(teamId);
        if (at != null && at.plus(MEMORY_TTL).isAfter(now)) {
            return;
        }
        new WorkspaceRepository(db).ensure(teamId, enterpriseId);
        remember(ensured, teamId, now);
    }

    /**
     * Learns the workspace's name once, from auth.test (which needs no extra scope), for what Met posts to a whole
     * channel. Best effort: without it the digest says "your team".
     */
    public void learnName(String teamId) {
        WorkspaceRepository repository = new WorkspaceRepository(db);
        if (repository.name(teamId).isPresent()) {
            return;
        }
        try {
            var auth = slack.client(teamId).authTest(r -> r);
            if (auth.isOk() && auth.getTeam() != null && !auth.getTeam().isBlank()) {
                repository.saveName(teamId, auth.getTeam());
            } else {
                log.warn("auth.test did not name team={}: {}", teamId, auth.getError());
            }
        } catch (Exception e) {
            log.warn("auth.test failed for team={}: {}", teamId, e.toString());
        }
    }

    /** Today in the teammate's own time zone: what "tomorrow" and "in 2 weeks" are counted from. */
    public LocalDate today(String teamId, String userId) {
        return LocalDate.now(clock.withZone(zoneOf(teamId, userId)));
    }

    public ZoneId zoneOf(String teamId, String userId) {
        String key = teamId + '/' + userId;
        Instant now = clock.instant();
        Remembered remembered = zones.get(key);
        if (remembered != null && remembered.at().plus(MEMORY_TTL).isAfter(now) && !remembered.at().isAfter(now)) {
            return remembered.zone();
        }
        Optional<Member> member = member(teamId, userId);
        ZoneId zone = member.map(Member::timeZone).flatMap(Workspaces::zone)
                .or(() -> new WorkspaceRepository(db).timeZone(teamId).flatMap(Workspaces::zone))
                .orElse(ZoneOffset.UTC);
        if (member.isPresent()) { // a guess made while Slack could not be asked is not kept: the next request asks again
            remember(zones, key, new Remembered(zone, now));
        }
        return zone;
    }

    private static <V> void remember(Map<String, V> map, String key, V value) {
        if (map.size() >= MAX_REMEMBERED) {
            map.clear();
        }
        map.put(key, value);
    }

    /** The member as Met knows them: from its table while a day old at most, else from users.info, else as last known. */
    private Optional<Member> member(String teamId, String userId) {
        Optional<Member> cached = new WorkspaceRepository(db).member(teamId, userId);
        return cached.filter(m -> m.refreshedAt().plus(MEMBER_TTL).isAfter(clock.instant()))
                .or(() -> refresh(teamId, userId).or(() -> cached));
    }

    /**
     * Whether the teammate is a workspace admin or owner, from a cache at most an hour old, else from users.info.
     * Empty when Slack cannot be asked and the cache is older than that: the caller decides, and should refuse.
     */
    public Optional<Boolean> isAdmin(String teamId, String userId) {
        Optional<Member> cached = new WorkspaceRepository(db).member(teamId, userId);
        return cached.filter(m -> m.refreshedAt().plus(ADMIN_TTL).isAfter(clock.instant()))
                .or(() -> refresh(teamId, userId))
                .map(Member::admin);
    }

    /** Asks Slack; a failure is not the user's problem: the cached or the workspace's zone serves meanwhile. */
    private Optional<Member> refresh(String teamId, String userId) {
        try {
            UsersInfoResponse info = slack.client(teamId).usersInfo(r -> r.user(userId));
            if (!info.isOk() || info.getUser() == null) {
                log.warn("users.info failed for team={} user={}: {}", teamId, userId, info.getError());
                return Optional.empty();
            }
            var user = info.getUser();
            String name = user.getProfile() != null && user.getProfile().getDisplayName() != null && !user.getProfile().getDisplayName().isBlank()
                    ? user.getProfile().getDisplayName() : user.getRealName();
            Member member = new Member(teamId, userId, name, user.getTz(), user.isAdmin() || user.isOwner(), Instant.now(clock));
            WorkspaceRepository repository = new WorkspaceRepository(db);
            repository.ensure(teamId, null); // a button or an event can be a team's first request: its row must exist
            repository.save(member);
            return Optional.of(member);
        } catch (Exception e) { // the class only: a database error's message would carry the member's name
            log.warn("users.info failed for team={} user={}: {}", teamId, userId, e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private static Optional<ZoneId> zone(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZoneId.of(id));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
