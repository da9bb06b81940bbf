package met.privacy;

import ch.qos.logback.classic.Level;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import met.testing.TestMet;
import org.jooq.DSLContext;
import org.slf4j.LoggerFactory;

/**
 * How much heap {@code /met export} needs as a team grows: the same export of a team and of one five times its size,
 * each beside the heap in use before it (the baseline of the same run). The figure is the most heap in use after any
 * garbage collection while the export runs, less what was in use before: an upper bound of what the export kept
 * alive (young collections leave promoted garbage counted until an old one runs). Not a test (surefire runs *Test and *Properties); run it from the repository root
 * with {@code mvn -B -q -pl bot test-compile exec:java -Dexec.mainClass=met.privacy.ExportBenchmark -Dexec.classpathScope=test}.
 */
public final class ExportBenchmark {
    /** The smaller team; the larger has five times each. */
    private static final int CONTACTS = 20_000;
    private static final int MEETINGS_PER_CONTACT = 3;
    private static final int TEAMMATES = 40;
    private static final int EVENTS = 400;

    private ExportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("met")).setLevel(Level.WARN);
        int exit;
        try (TestMet met = TestMet.start("ExportBenchmark")) {
            exit = run(met.db());
        }
        System.exit(exit);
    }

    private static int run(DSLContext db) throws Exception {
        long started = System.nanoTime();
        seed(db, "T0SMALL", CONTACTS);
        seed(db, "T0LARGE", CONTACTS * 5);
        db.execute("vacuum analyze");
        System.out.printf(Locale.ROOT, "ExportBenchmark: Java %s, %d cores, max heap %,d MB; seeded in %.1f s%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, (System.nanoTime() - started) / 1e9);
        ExportService exports = new ExportService(db);
        LiveHeap heap = new LiveHeap();
        // Warm up: the JIT and PostgreSQL's caches, so that the timed runs compare like with like.
        for (int i = 0; i < 3; i++) {
            exports.export("T0SMALL", LocalDate.of(2026, 11, 26)).close();
        }
        List<String> lines = new ArrayList<>();
        long[] held = new long[2];
        int i = 0;
        for (String team : List.of("T0SMALL", "T0LARGE")) {
            long before = heap.settle();
            heap.startWindow();
            long t0 = System.nanoTime();
            long peak;
            double seconds;
            Exported exported;
            try (ExportService.Export export = exports.export(team, LocalDate.of(2026, 11, 26))) {
                seconds = (System.nanoTime() - t0) / 1e9;
                // Measured while the result is still held, as it is until its files are uploaded.
                peak = heap.endWindow();
                exported = exported(export);
            }
            held[i] = Math.max(0, peak - before);
            lines.add(String.format(Locale.ROOT, "%-8s %,9d rows %,8.1f MB of CSV %7.2f s   heap before %,6.1f MB, most in use during %,7.1f MB (%d GCs): "
                            + "export held %,7.1f MB, %,5.0f bytes per row",
                    team, exported.rows(), exported.bytes() / 1e6, seconds, before / 1e6, peak / 1e6, heap.collections(), held[i] / 1e6,
                    (double) held[i] / exported.rows()));
            i++;
        }
        lines.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "five times the rows held %.1f× the heap (5×: the heap grows with the team; about 1×: it does not)%n",
                held[0] == 0 ? 0 : (double) held[1] / held[0]);
        return 0;
    }

    record Exported(long rows, long bytes) {
    }

    private static Exported exported(ExportService.Export export) {
        long bytes = 0;
        for (ExportService.ExportFile file : export.files()) {
            bytes += file.size();
        }
        ExportService.Counts c = export.counts();
        return new Exported((long) c.contacts() + c.meetings() + c.followUps() + c.referrals(), bytes);
    }

    /**
     * A team of {@code contacts} people at a few hundred companies, three meetings each with a line of notes, one
     * follow-up each and a referral per five, written by SQL alone (the capture path is not what this measures).
     */
    private static void seed(DSLContext db, String team, int contacts) {
        db.execute("insert into workspace (team_id, name) values (?, ?)", team, team);
        db.execute("insert into member (team_id, user_id, display_name) select ?, 'U' || i, 'Teammate ' || i from generate_series(1, ?) i",
                team, TEAMMATES);
        db.execute("insert into event (team_id, name, name_key, kind, held_on, created_by) "
                + "select ?, 'Event ' || i, 'event ' || i, 'conference', date '2025-01-01' + i, 'U1' from generate_series(1, ?) i", team, EVENTS);
        db.execute("insert into debrief (team_id, event_id, author_id, source, met_on) "
                + "select team_id, id, 'U' || (1 + id % ?), 'quick', held_on from event where team_id = ?", TEAMMATES, team);
        db.execute("insert into contact (team_id, name, company, role, email, name_key, company_key, email_key, last_touch_on, created_by) "
                + "select ?, 'Person Number ' || i, 'Company ' || (i % 700), 'Head of Partnerships', 'person' || i || '@example.org', "
                + "'person number ' || i, 'company ' || (i % 700), 'person' || i || '@example.org', date '2026-01-01' + i % 300, 'U1' "
                + "from generate_series(1, ?) i", team, contacts);
        // Ids from one insert are consecutive: the n-th contact or debrief is the first id plus n.
        db.execute("insert into meeting (team_id, contact_id, teammate_id, debrief_id, event_id, met_on, notes) "
                + "select ?, c.lo + g % ?, 'U' || (1 + g % ?), d.lo + g % ?, null, date '2025-06-01' + g % 500, "
                + "'Talked about their pilot, the budget for next year and a demo on a phone; follow up after the holidays' "
                + "from generate_series(0, ? - 1) g, "
                + "(select min(id) lo from contact where team_id = ?) c, (select min(id) lo from debrief where team_id = ?) d",
                team, contacts, TEAMMATES, EVENTS, contacts * MEETINGS_PER_CONTACT, team, team);
        db.execute("insert into follow_up (team_id, contact_id, owner_id, due_on) "
                + "select ?, id, 'U' || (1 + id % ?), date '2026-12-01' + (id % 90)::int from contact where team_id = ?", team, TEAMMATES, team);
        db.execute("insert into referral (team_id, teammate_id, contact_id, direction, note, referred_on) "
                + "select ?, 'U' || (1 + id % ?), id, 'given', 'Introduced them to our partner at Globex', date '2026-02-01' "
                + "from contact where team_id = ? and id % 5 = 0", team, TEAMMATES, team);
    }

    /** The heap in use after each garbage collection, as the JVM reports it, and the most of it in a window. */
    private static final class LiveHeap {
        private final AtomicLong most = new AtomicLong();
        private final AtomicLong gcs = new AtomicLong();
        private volatile boolean open;

        LiveHeap() {
            NotificationListener listener = (notification, handback) -> {
                if (!open || !notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                    return;
                }
                var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                long used = info.getGcInfo().getMemoryUsageAfterGc().values().stream().mapToLong(MemoryUsage::getUsed).sum();
                gcs.incrementAndGet();
                most.accumulateAndGet(used, Math::max);
            };
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener(listener, null, null);
            }
        }

        /** The heap in use once garbage is collected. */
        long settle() {
            System.gc();
            System.gc();
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }

        void startWindow() {
            most.set(0);
            gcs.set(0);
            open = true;
        }

        /** The most in use after a collection during the window, or at its end once collected (what the result holds). */
        long endWindow() {
            long held = settle();
            open = false;
            return Math.max(most.get(), held);
        }

        long collections() {
            return gcs.get();
        }
    }
}
