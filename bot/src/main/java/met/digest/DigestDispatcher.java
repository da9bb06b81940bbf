package met.digest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import met.team.Period;
import met.workspace.Workspaces;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The digest pass of the dispatcher: finds each active subscription's latest digest whose time has come (9:00 on
 * the first day of the next period, in the subscription's zone) and that has not gone out, and sends them, one
 * workspace per task on a bounded pool. If Met was down at 9:00, the digest goes out at the first pass after;
 * safe on several replicas at once, since every post is claimed first (see {@link DigestSender}).
 */
public final class DigestDispatcher implements AutoCloseable {
    /**
     * Workspaces posted side by side. Four keep two cores busy between Slack's answers; each holds a database
     * connection only briefly (claims), the digest's sections run on their own bounded pool.
     */
    static final int PARALLELISM = 4;
    /** A claim older than this whose post never finished belongs to a process that died mid-send. */
    private static final Duration INTERRUPTED_AFTER = Duration.ofMinutes(10);
    private static final Logger log = LoggerFactory.getLogger(DigestDispatcher.class);

    private final DSLContext db;
    private final DigestSender sender;
    private final Workspaces workspaces;
    private final Clock clock;
    private final ExecutorService pool;

    public DigestDispatcher(DSLContext db, DigestSender sender, Workspaces workspaces, Clock clock) {
        this.db = db;
        this.sender = sender;
        this.workspaces = workspaces;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(PARALLELISM, r -> {
            Thread t = new Thread(r, "met-digest-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** What one pass did: digests due, digests posted, and how long each workspace took. */
    public record Pass(int due, int sent, Duration took, List<Duration> perWorkspace) {
    }

    /** One pass; returns how many digests were posted. */
    public int runOnce() {
        return runPass().sent();
    }

    public Pass runPass() {
        long started = System.nanoTime();
        Instant now = clock.instant();
        DigestPostRepository posts = new DigestPostRepository(db);
        posts.releaseInterrupted(now.minus(INTERRUPTED_AFTER), now).forEach(p -> log.warn("digest for team={} channel={} period starting {}"
                + " was interrupted while sending; the channel is checked for it before it is posted again", p.teamId(), p.channelId(), p.periodStart()));
        Map<String, List<Subscription>> dueByTeam = due(posts, now);
        List<Future<Duration>> running = new ArrayList<>();
        AtomicInteger sent = new AtomicInteger();
        dueByTeam.forEach((teamId, subscriptions) -> running.add(pool.submit(timed(() -> sent.addAndGet(sendTeam(teamId, subscriptions, now))))));
        List<Duration> perWorkspace = new ArrayList<>();
        for (Future<Duration> task : running) {
            try {
                perWorkspace.add(task.get());
            } catch (ExecutionException e) { // logged in the task; one workspace must not stop the others
                log.debug("a workspace's digests failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int due = dueByTeam.values().stream().mapToInt(List::size).sum();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (due > 0) {
            log.info("digest pass: {} due in {} workspaces, {} posted in {} ms", due, dueByTeam.size(), sent.get(), took.toMillis());
        }
        return new Pass(due, sent.get(), took, perWorkspace);
    }

    /** Active subscriptions whose latest digest is due, by team: not claimed yet, or waiting for a retry that has come. */
    private Map<String, List<Subscription>> due(DigestPostRepository posts, Instant now) {
        Map<DigestPostRepository.Key, Subscription> candidates = new LinkedHashMap<>();
        for (Subscription s : new SubscriptionRepository(db).active()) {
            Cadence.Due latest = s.cadence().latestDue(s.zone(), now);
            if (latest.sendAt().isAfter(s.createdAt())) { // nothing that fell due before the channel subscribed
                candidates.put(new DigestPostRepository.Key(s.teamId(), s.channelId(), latest.covers()), s);
            }
        }
        Map<DigestPostRepository.Id, DigestPostRepository.Post> existing = new HashMap<>();
        posts.findAll(candidates.keySet()).forEach(p -> existing.put(p.id(), p));
        Map<String, List<Subscription>> byTeam = new LinkedHashMap<>();
        candidates.forEach((key, s) -> {
            DigestPostRepository.Post post = existing.get(key.id());
            if (post == null || post.dueAt(now)) {
                byTeam.computeIfAbsent(s.teamId(), t -> new ArrayList<>()).add(s);
            }
        });
        return byTeam;
    }

    /** One workspace's due digests; a digest shared by several of its channels is built once. */
    private int sendTeam(String teamId, List<Subscription> subscriptions, Instant now) {
        try {
            workspaces.learnName(teamId);
            Map<String, DigestSender.Prepared> built = new HashMap<>();
            int sent = 0;
            for (Subscription s : subscriptions) {
                LocalDate asOf = now.atZone(s.zone()).toLocalDate();
                Period covers = s.cadence().latestDue(s.zone(), now).covers();
                DigestSender.Prepared prepared = built.computeIfAbsent(Periods.key(covers) + "@" + asOf, k -> sender.prepare(teamId, covers, asOf));
                if (sender.send(prepared, s.channelId(), false) instanceof DigestSender.Outcome.Sent) {
                    sent++;
                }
            }
            return sent;
        } catch (RuntimeException e) {
            log.error("digests failed for team={}", teamId, e);
            throw e;
        }
    }

    private static Callable<Duration> timed(Runnable work) {
        return () -> {
            long started = System.nanoTime();
            work.run();
            return Duration.ofNanos(System.nanoTime() - started);
        };
    }

    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
    }
}
