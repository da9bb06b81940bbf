import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.util.json.GsonFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import met.capture.CaptureParser;
import met.capture.CaptureService;
import met.capture.CaptureWriter;
import met.capture.Debrief;
import met.capture.DebriefFormBlocks;
import met.capture.FormMetadata;
import met.capture.Parse;
import met.db.EmbeddedPostgresServer;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * Met's load benchmark, against a ceiling (bare Bolt in Javalin, fixed answer) and a peer (the same capture in Bolt for
 * JavaScript with pg), measured one after another in the same run on this machine, then a database outage under load.
 * Run it through {@code bench/load/run.sh}, which builds what it needs; options: {@code --help}.
 *
 * <p>Everything that is not a server under test lives in this process: the signed-request load generator (one
 * keep-alive connection per worker thread, every request signed with a fresh timestamp), the fake Slack Web API, and
 * the PostgreSQL that the peer and the outage phase use (Met's own embedded server class, so the same PostgreSQL 17
 * with the same durable settings as Met's embedded one). They share the machine's cores with the server measured.
 */
public class LoadBench {
    static final String SECRET = "met-bench-signing-secret";
    static final String TEAM = "T0BENCH";
    static final int TEAMMATES = 50;
    static final long READY_TIMEOUT_MS = 120_000;
    /** Enough for the JIT compilers to have seen the hot paths many times over (C2 compiles after about 10,000 calls). */
    static final long WARMUP_REQUESTS = 20_000;

    record Options(int connections, int duration, int warmup, int maxWarmup, int outage, Set<String> phases, double formShare) {
        static Options parse(String[] args) {
            // Warm-up: every Java server needs time for the JIT under this load, Met with its forms and the ceiling about
            // 110 s here (README Performance); shorter, their figures are those of a JIT still at work.
            int connections = 32, duration = 30, warmup = 120, maxWarmup = 150, outage = 10, formPercent = 10;
            Set<String> phases = new LinkedHashSet<>(List.of("met", "met-quick", "ceiling", "peer", "outage"));
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--connections" -> connections = Integer.parseInt(args[++i]);
                    case "--duration" -> duration = Integer.parseInt(args[++i]);
                    case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                    case "--max-warmup" -> maxWarmup = Integer.parseInt(args[++i]);
                    case "--outage" -> outage = Integer.parseInt(args[++i]);
                    case "--forms" -> formPercent = Integer.parseInt(args[++i]);
                    case "--only" -> phases = new LinkedHashSet<>(Arrays.asList(args[++i].split(",")));
                    case "--help", "-h" -> {
                        System.out.println("""
                                usage: bench/load/run.sh [--connections 32] [--duration 30] [--warmup 120] [--max-warmup 150]
                                                         [--outage 10] [--only met,met-quick,ceiling,peer,outage] [--forms 10]
                                  --connections  concurrent keep-alive connections (one worker thread each)
                                  --duration     measured seconds per server, after a warm-up with the same load
                                  --warmup       at least this many seconds (and 20,000 requests) of warm-up; then until the
                                                 throughput of two consecutive 5 s windows agrees within 5%, at most --max-warmup
                                  --outage       seconds the database stays stopped in the outage phase
                                  --only         phases to run (ratios need met or met-quick with ceiling and/or peer);
                                                 met-quick is Met on quick captures only, the work the references do
                                  --forms        percent of Met's requests that are debrief form submissions (100: the
                                                 form's cost alone; the references always get quick captures)
                                environment:
                                  MET_BENCH_HEAP          Met's heap (-Xmx), 256m as the Docker image gives it; "default"
                                                          lets the JVM size it from this machine's memory
                                  MET_BENCH_JAVA_OPTIONS  more JVM options for Met, e.g. -XX:StartFlightRecording=…
                                  MET_DB_CONNECTIONS      Met's pool for Slack's requests (Configuration)
                                  MET_BENCH_KEEP_DATA=1   keep the databases and logs in bench/load/target afterwards""");
                        System.exit(0);
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a + " (try --help)");
                }
            }
            if (formPercent < 0 || formPercent > 100) {
                throw new IllegalArgumentException("--forms is a percentage, 0 to 100");
            }
            return new Options(connections, duration, warmup, Math.max(warmup, maxWarmup), outage, phases, formPercent / 100.0);
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Path repo = Path.of("").toAbsolutePath();
        Path jar = repo.resolve("bot/target/met.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": run bench/load/run.sh, which builds it");
        }
        Path work = Files.createTempDirectory("met-load-");
        Path logs = repo.resolve("bench/load/target/logs");
        Files.createDirectories(logs);
        Bench bench = new Bench(options, repo, jar, work, logs);
        Runtime.getRuntime().addShutdownHook(new Thread(bench::close));
        try {
            bench.run();
        } finally {
            bench.close();
        }
        System.exit(0);
    }

    // ------------------------------------------------------------------------------------------------------------
    // The run: each server in turn, then the outage, then the report.
    // ------------------------------------------------------------------------------------------------------------

    static final class Bench {
        final Options o;
        final Path repo, jar, work, logs;
        final FakeSlackApi slack = FakeSlackApi.start();
        final List<Proc> procs = new ArrayList<>();
        EmbeddedPostgresServer pg;
        Path pgDir;
        int pgPort;
        final Map<String, Result> results = new LinkedHashMap<>();
        Outage outage;
        private final AtomicInteger closed = new AtomicInteger();
        private Storage storage;

        Bench(Options o, Path repo, Path jar, Path work, Path logs) {
            this.o = o;
            this.logs = logs;
            this.repo = repo;
            this.jar = jar;
            this.work = work;
        }

        void run() throws Exception {
            header();
            checkWorkload();
            for (String phase : o.phases()) {
                switch (phase) {
                    case "met" -> results.put("met", met("met", "Met", o.formShare(), true));
                    // The references answer quick captures only: this phase is Met on the same work, like for like.
                    case "met-quick" -> results.put("met-quick", met("met-quick", "Met quick", 0, false));
                    case "ceiling" -> results.put("ceiling", ceiling());
                    case "peer" -> results.put("peer", peer());
                    case "outage" -> outage = outage();
                    default -> throw new IllegalArgumentException("unknown phase " + phase);
                }
            }
            report();
        }

        /** Stops whatever is still running (also on Ctrl-C) and removes the work directory. */
        void close() {
            if (closed.getAndIncrement() > 0) {
                return;
            }
            for (Proc p : procs) {
                if (p.process.isAlive()) {
                    try {
                        p.stop();
                    } catch (InterruptedException e) {
                        p.process.destroyForcibly();
                    }
                }
            }
            if (pg != null) {
                try {
                    pg.close();
                } catch (RuntimeException e) {
                    // already stopped
                }
            }
            slack.server.stop(0);
            // MET_BENCH_KEEP_DATA=1 keeps Met's database (met-data) to look at afterwards, e.g. to EXPLAIN a statement.
            if (System.getenv("MET_BENCH_KEEP_DATA") != null) {
                System.out.println("kept: " + work);
                return;
            }
            try (var paths = Files.walk(work)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.err.println("could not remove " + work + ": " + e);
            }
        }

        void header() {
            System.out.printf("Met load benchmark — %s%n", Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            // The processor, because the same 2-core machine of this workplace has come on hosts twice as fast as others.
            System.out.printf("machine: %d cores (%s), %s, Java %s, load average before: %s%n", Runtime.getRuntime().availableProcessors(),
                    processor(), osName(), System.getProperty("java.version"), loadAverage());
            System.out.printf("load: %d connections; per server a warm-up (%d–%d s, until the throughput is steady), then %d s measured;"
                    + " Met gets %.0f%% debrief form submissions among its captures%n", o.connections(), o.warmup(), o.maxWarmup(), o.duration(), o.formShare() * 100);
            System.out.printf("logs of the servers: bench/load/target/logs/%n%n");
        }

        /** Every generated capture must be one Met saves directly, or "errors" would measure the generator. */
        void checkWorkload() {
            CaptureParser parser = new CaptureParser();
            Random rnd = new Random(1);
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            int n = 5000, unsure = 0;
            for (int i = 0; i < n; i++) {
                String text = Captures.text(rnd);
                if (!(parser.parse(text, today) instanceof Parse.Confident)) {
                    if (unsure++ < 5) {
                        System.out.println("  not confident: " + text);
                    }
                }
            }
            System.out.printf("workload check: %d generated captures, %d not parsed with confidence by Met's parser%n%n", n, unsure);
        }

        /**
         * @param id the phase, which names its data directory and log
         * @param storage also measure Met's storage path alone afterwards, on this phase's database
         */
        Result met(String id, String name, double formShare, boolean storage) throws Exception {
            Path data = work.resolve(id + "-data");
            int port = freePort();
            Map<String, String> env = metEnv(port);
            env.put("MET_DATA_DIR", data.toString());
            System.out.printf("== %s: java -jar bot/target/met.jar (%s), embedded PostgreSQL in a fresh MET_DATA_DIR; %.0f%% debrief forms%n", name,
                    MET_HEAP_OPTIONS.map(o -> "JDK_JAVA_OPTIONS=\"" + o + "\" as in the Docker image").orElse("the JVM's own heap sizing"), formShare * 100);
            Proc met = start(id, List.of("java", "-jar", jar.toString()), env);
            long startup = met.awaitReady(port);
            System.out.printf("   ready in %d ms (fresh data directory: initdb + migrations)%n", startup);
            MetWorkload workload = new MetWorkload(formShare);
            Result r = measure(name, met, port, workload, () -> postgresCpu(data));
            long confirmedWhenLoadStopped = slack.calls("chat.postEphemeral");
            r.startupMs = startup;
            // The embedded server's port is in its postmaster.pid (line 4); count while Met still runs.
            int dbPort = Integer.parseInt(Files.readAllLines(data.resolve("postmaster.pid")).get(3).trim());
            r.lost = workload.lost("jdbc:postgresql://127.0.0.1:" + dbPort + "/postgres?user=postgres");
            System.out.println("   " + r.lost);
            if (storage) {
                this.storage = storageOnly("jdbc:postgresql://127.0.0.1:" + dbPort + "/postgres?user=postgres", data);
            }
            double dropped = metric(port, "met_answers_dropped_total");
            met.stop();
            // A form's confirmation is posted after its ack, on Met's after-ack threads: those still queued when the
            // load stopped go out afterwards (during the storage phase, and Met's stop waits up to 5 s for the rest),
            // so count until Met has stopped.
            long confirmed = slack.calls("chat.postEphemeral");
            System.out.printf("   Web API calls Met made to the fake Slack until it stopped: %s%n", slack.callsAndReset());
            if (r.lost.formsAcked() > 0) {
                // Past a backlog Met drops answers instead of queueing them without end (AfterAckCalls.BACKLOG).
                System.out.printf("   form confirmations (chat.postEphemeral) of %,d forms acknowledged, warm-up included: %,d posted by the time the load"
                                + " stopped, %,d after it; %,.0f dropped by Met (its answers' backlog full); %,d not sent when Met stopped%n",
                        r.lost.formsAcked(), confirmedWhenLoadStopped, confirmed - confirmedWhenLoadStopped, dropped,
                        Math.max(0, r.lost.formsAcked() - confirmed - (long) dropped));
            }
            System.out.println();
            return r;
        }

        /**
         * Met's own parse-and-store path for quick captures (CaptureParser, then CaptureService in one transaction),
         * called from this process on Met's database while Met idles, with Met's connection count and the load's
         * concurrency: no HTTP, no Bolt, no Slack. It bounds what Met can reach on this machine whatever its web layer
         * costs, and shows how much of a request is storage.
         */
        Storage storageOnly(String jdbcUrl, Path data) throws Exception {
            HikariConfig hc = new HikariConfig();
            hc.setJdbcUrl(jdbcUrl);
            // Met's connections for requests: MET_DB_CONNECTIONS when the benchmark passes it on, else Met's default
            hc.setMaximumPoolSize(Optional.ofNullable(System.getenv("MET_DB_CONNECTIONS")).map(v -> Integer.parseInt(v.trim()))
                    .orElse(Math.max(3, Runtime.getRuntime().availableProcessors() + 1)));
            hc.setPoolName("bench-storage");
            DSLContext dsl;
            try (HikariDataSource pool = new HikariDataSource(hc);
                 CaptureWriter writer = new CaptureWriter(dsl = DSL.using(pool, SQLDialect.POSTGRES, new Settings().withExecuteLogging(false)),
                         CaptureWriter.WAIT_MILLIS, () -> false)) {
                CaptureService captures = new CaptureService(dsl, writer); // saved as Met saves them: batched (CaptureWriter)
                CaptureParser parser = new CaptureParser();
                LocalDate today = LocalDate.now(ZoneOffset.UTC);
                int warmup = Math.min(o.warmup(), 20);
                long start = System.nanoTime();
                long measureFrom = start + warmup * 1_000_000_000L, measureTo = measureFrom + o.duration() * 1_000_000_000L;
                ConcurrentLinkedQueue<Integer> micros = new ConcurrentLinkedQueue<>();
                AtomicLong failures = new AtomicLong();
                Thread[] threads = new Thread[o.connections()];
                for (int t = 0; t < threads.length; t++) {
                    int seed = 7_000 + t;
                    threads[t] = new Thread(() -> {
                        Random rnd = new Random(seed);
                        while (System.nanoTime() < measureTo) {
                            String text = Captures.text(rnd);
                            long t0 = System.nanoTime();
                            try {
                                if (parser.parse(text, today) instanceof Parse.Confident c) {
                                    captures.create(TEAM, teammate(rnd.nextInt(TEAMMATES)), Debrief.of(c.capture(), today), CaptureService.Source.QUICK, text);
                                }
                            } catch (RuntimeException e) {
                                failures.incrementAndGet();
                            }
                            long t1 = System.nanoTime();
                            if (t1 >= measureFrom && t1 < measureTo) {
                                micros.add((int) ((t1 - t0) / 1000));
                            }
                        }
                    }, "storage-" + t);
                }
                for (Thread t : threads) {
                    t.start();
                }
                Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
                long cpu0 = Proc.cpuMicros(ProcessHandle.current().pid()), db0 = postgresCpu(data);
                MachineCpu machine0 = MachineCpu.now();
                Thread.sleep(Math.max(0, (measureTo - System.nanoTime()) / 1_000_000));
                long cpu = Proc.cpuMicros(ProcessHandle.current().pid()) - cpu0, db = postgresCpu(data) - db0;
                String machine = MachineCpu.now().since(machine0);
                for (Thread t : threads) {
                    t.join();
                }
                double[] p = percentiles(micros.stream().mapToInt(Integer::intValue).toArray());
                Storage st = new Storage(micros.size() / (double) o.duration(), p[0], p[2], cpu / (double) micros.size(),
                        db / (double) micros.size(), failures.get());
                System.out.printf("   storage only (Met's parser and CaptureService called directly, %d threads, %d connections, no HTTP):%n"
                                + "     %.0f captures/s; p50 %.1f ms, p99 %.1f ms; %.0f µs CPU + PostgreSQL %.0f µs per capture; %d failed%n",
                        threads.length, hc.getMaximumPoolSize(), st.throughput(), st.p50(), st.p99(), st.cpuUs(), st.dbCpuUs(), st.failures());
                System.out.println("     machine while measured: " + machine);
                return st;
            }
        }

        Result ceiling() throws Exception {
            int port = freePort();
            Map<String, String> env = new HashMap<>();
            env.put("PORT", Integer.toString(port));
            env.put("SLACK_SIGNING_SECRET", SECRET);
            env.put("SLACK_API_URL", slack.apiUrl());
            System.out.println("== Ceiling: bare Bolt for Java in Javalin, fixed answer, no database (bench/load/Ceiling.java)");
            Proc ceiling = start("ceiling", List.of("java", "-cp", jar.toString(), repo.resolve("bench/load/Ceiling.java").toString()), env);
            ceiling.awaitReady(port);
            Result r = measure("ceiling", ceiling, port, new SimpleWorkload("Saved."), () -> 0);
            ceiling.stop();
            slack.callsAndReset();
            System.out.println();
            return r;
        }

        Result peer() throws Exception {
            startPostgres();
            String db = createDatabase("peer");
            int port = freePort();
            Map<String, String> env = new HashMap<>();
            env.put("PORT", Integer.toString(port));
            env.put("SLACK_SIGNING_SECRET", SECRET);
            env.put("SLACK_BOT_TOKEN", "xoxb-peer");
            env.put("SLACK_API_URL", slack.apiUrl());
            env.put("DATABASE_URL", "postgres://postgres@127.0.0.1:" + pgPort + "/" + db);
            System.out.println("== Peer: Bolt for JavaScript " + peerVersion() + " (ExpressReceiver) + pg, Node " + nodeVersion()
                    + " (bench/load/peer/app.js)");
            Proc peer = start("peer", List.of("node", repo.resolve("bench/load/peer/app.js").toString()), env);
            peer.awaitReady(port);
            SimpleWorkload workload = new SimpleWorkload("Saved ");
            Result r = measure("peer", peer, port, workload, () -> postgresCpu(pgDir));
            try (Connection c = DriverManager.getConnection(jdbc(db)); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select count(*) from capture")) {
                rs.next();
                long rows = rs.getLong(1);
                r.lost = new Lost(workload.acked.get(), rows, Math.max(0, workload.acked.get() - rows), 0, 0, 0);
                System.out.println("   " + r.lost);
            }
            peer.stop();
            slack.callsAndReset();
            System.out.println();
            return r;
        }

        /** Met on a PostgreSQL this process controls: stopped under load for --outage seconds, then started again. */
        Outage outage() throws Exception {
            startPostgres();
            String db = createDatabase("met_outage");
            int port = freePort();
            Map<String, String> env = metEnv(port);
            env.put("DATABASE_URL", jdbc(db));
            System.out.println("== Outage: Met with DATABASE_URL on a PostgreSQL stopped under load for " + o.outage() + " s");
            Proc met = start("met-outage", List.of("java", "-jar", jar.toString()), env);
            Outage out = new Outage();
            out.startupMs = met.awaitReady(port);
            System.out.printf("   ready in %d ms (external database, migrations on an empty one)%n", out.startupMs);
            MetWorkload workload = new MetWorkload(o.formShare());
            Monitor monitor = new Monitor(port);
            int before = 5, after = 10;
            Load load = Load.start(port, workload, o.connections(), 0);
            monitor.start(load.t0);
            long warm = load.warmUp(Math.min(o.warmup(), 5), Math.max(5, o.maxWarmup() / 2));
            System.out.printf("   warm-up %.0f s (req/s per 5 s: %s)%n", warm / 1e9,
                    load.warmupRates.stream().map(String::valueOf).collect(Collectors.joining(" ")));
            load.stopAt(warm + (before + o.outage() + after) * 1_000_000_000L);
            Thread.sleep(before * 1000L);
            out.stopAt = System.nanoTime() - load.t0;
            pg.close();
            out.stoppedAt = System.nanoTime() - load.t0;
            System.out.printf("   database stopped at %.1f s (pg_ctl stop -m fast took %d ms)%n", out.stopAt / 1e9, (out.stoppedAt - out.stopAt) / 1_000_000);
            Thread.sleep(Math.max(0, (out.stopAt + o.outage() * 1_000_000_000L - (System.nanoTime() - load.t0)) / 1_000_000));
            out.restartAt = System.nanoTime() - load.t0;
            pg = EmbeddedPostgresServer.start(pgDir, pgPort);
            out.restartedAt = System.nanoTime() - load.t0;
            System.out.printf("   database started again at %.1f s (took %d ms)%n", out.restartAt / 1e9, (out.restartedAt - out.restartAt) / 1_000_000);
            List<Sample> samples = load.await();
            monitor.stop();
            out.analyse(samples, monitor, warm, load);
            out.lost = workload.lost(jdbc(db));
            out.rssMb = met.status("VmHWM") / 1024.0;
            out.print();
            met.stop();
            slack.callsAndReset();
            System.out.println();
            return out;
        }

        Result measure(String name, Proc proc, int port, Workload workload, java.util.function.LongSupplier dbCpu) throws Exception {
            Load load = Load.start(port, workload, o.connections(), 0);
            long w0 = load.warmUp(o.warmup(), o.maxWarmup());
            long cpu0 = proc.cpuMicros(), sys0 = Proc.systemMicros(proc.pid()), db0 = dbCpu.getAsLong();
            MachineCpu machine0 = MachineCpu.now();
            load.stopAt(w0 + o.duration() * 1_000_000_000L);
            List<Sample> samples = load.await();
            long w1 = w0 + o.duration() * 1_000_000_000L;
            long cpu1 = proc.cpuMicros(), sys1 = Proc.systemMicros(proc.pid()), db1 = dbCpu.getAsLong();
            String machine = MachineCpu.now().since(machine0);
            Result r = Result.of(name, samples, w0, w1);
            r.warmupSeconds = w0 / 1e9;
            r.warmupRates = load.warmupRates;
            r.rssMb = proc.status("VmHWM") / 1024.0;
            r.threads = proc.status("Threads");
            r.cpuPerRequestUs = r.requests == 0 ? 0 : (cpu1 - cpu0) / (double) r.requests;
            r.dbCpuPerRequestUs = r.requests == 0 ? 0 : (db1 - db0) / (double) r.requests;
            r.sysPerRequestUs = r.requests == 0 ? 0 : (sys1 - sys0) / (double) r.requests;
            r.print();
            System.out.println("   machine while measured: " + machine);
            return r;
        }

        /** Met's -Xmx: MET_BENCH_HEAP, 256m (the Docker image's) unless set, or none for "default". */
        static final Optional<String> MET_XMX = Optional.of(System.getenv().getOrDefault("MET_BENCH_HEAP", "256m"))
                .filter(heap -> !heap.equals("default"))
                .map(heap -> "-Xmx" + heap);
        /** The Docker image's JDK_JAVA_OPTIONS with that heap. */
        static final Optional<String> MET_HEAP_OPTIONS = MET_XMX.map(xmx -> xmx + " -XX:+ExitOnOutOfMemoryError");

        Map<String, String> metEnv(int port) {
            Map<String, String> env = new HashMap<>();
            // Met gets the heap the Docker image gives it (docker/Dockerfile), through the same variable; with
            // MET_BENCH_HEAP=default the JVM sizes it from this machine's memory instead (README Performance, RSS).
            MET_HEAP_OPTIONS.ifPresent(options -> env.put("JDK_JAVA_OPTIONS", options));
            // For profiling Met under this load, e.g. MET_BENCH_JAVA_OPTIONS="-XX:StartFlightRecording=delay=60s,duration=20s,filename=met.jfr"
            Optional.ofNullable(System.getenv("MET_BENCH_JAVA_OPTIONS")).ifPresent(v -> env.put("JAVA_TOOL_OPTIONS", v));
            // An operator's setting worth comparing under load: MET_DB_CONNECTIONS=6 bench/load/run.sh --only met
            Optional.ofNullable(System.getenv("MET_DB_CONNECTIONS")).ifPresent(v -> env.put("MET_DB_CONNECTIONS", v));
            env.put("PORT", Integer.toString(port));
            env.put("SLACK_SIGNING_SECRET", SECRET);
            env.put("SLACK_BOT_TOKEN", "xoxb-bench");
            env.put("SLACK_API_URL", slack.apiUrl());
            return env;
        }

        void startPostgres() throws IOException {
            if (pg == null) {
                pgDir = work.resolve("pg");
                pg = EmbeddedPostgresServer.start(pgDir, 0);
                pgPort = pg.port();
            }
        }

        String jdbc(String db) {
            return "jdbc:postgresql://127.0.0.1:" + pgPort + "/" + db + "?user=postgres";
        }

        String createDatabase(String name) throws SQLException {
            try (Connection c = DriverManager.getConnection(jdbc("postgres")); Statement s = c.createStatement()) {
                s.execute("create database " + name);
            }
            return name;
        }

        /** CPU of the PostgreSQL serving a data directory: its postmaster (first line of postmaster.pid) and backends. */
        static long postgresCpu(Path dataDir) {
            try {
                long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
                return ProcessHandle.of(pid).map(h -> Proc.cpuMicros(pid) + h.descendants().mapToLong(p -> Proc.cpuMicros(p.pid())).sum())
                        .orElse(0L);
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        Proc start(String name, List<String> command, Map<String, String> env) throws IOException {
            Proc p = Proc.start(name, command, env, logs.resolve(name + ".log"), repo);
            procs.add(p);
            return p;
        }

        String peerVersion() {
            try {
                String pkg = Files.readString(repo.resolve("bench/load/peer/node_modules/@slack/bolt/package.json"));
                return JsonParser.parseString(pkg).getAsJsonObject().get("version").getAsString();
            } catch (IOException e) {
                return "?";
            }
        }

        static String nodeVersion() {
            try {
                Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                return "?";
            }
        }

        void report() {
            Result met = results.get("met"), quick = results.get("met-quick"), ceiling = results.get("ceiling"), peer = results.get("peer");
            System.out.println("== Summary (same machine, same run; shared cores make absolute figures noisy: compare the ratios)");
            System.out.printf("   %-10s %10s %8s %8s %8s %8s %7s %8s %9s %9s%n", "", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms",
                    "errors", "RSS MB", "cpu µs/r", "db µs/r");
            for (Result r : results.values()) {
                System.out.printf("   %-10s %10.0f %8.1f %8.1f %8.1f %8.1f %7d %8.0f %9.0f %9s%n", r.name, r.throughput, r.p50, r.p95, r.p99, r.max,
                        r.errors, r.rssMb, r.cpuPerRequestUs, r.dbCpuPerRequestUs == 0 ? "-" : String.format("%.0f", r.dbCpuPerRequestUs));
            }
            if (met != null && ceiling != null) {
                System.out.printf("   Met / ceiling: throughput %.2f×, p99 %.1f×%n", met.throughput / ceiling.throughput, met.p99 / ceiling.p99);
            }
            if (met != null && peer != null) {
                System.out.printf("   Met / peer:    throughput %.2f×, p99 %.2f×%n", met.throughput / peer.throughput, met.p99 / peer.p99);
            }
            if (quick != null && ceiling != null) {
                System.out.printf("   Met quick / ceiling: throughput %.2f×, p99 %.1f× (the same work: quick captures)%n",
                        quick.throughput / ceiling.throughput, quick.p99 / ceiling.p99);
            }
            if (quick != null && peer != null) {
                System.out.printf("   Met quick / peer:    throughput %.2f×, p99 %.2f× (the same work: quick captures)%n",
                        quick.throughput / peer.throughput, quick.p99 / peer.p99);
            }
            if (met != null && storage != null) {
                System.out.printf("   Met / its storage path alone: throughput %.2f×%s%n", met.throughput / storage.throughput(),
                        ceiling == null ? "" : String.format("; storage alone is %.0f%% of the ceiling", 100 * storage.throughput() / ceiling.throughput));
            }
            System.out.println();
            System.out.println("== Targets (reported, never failing the build)");
            if (met != null) {
                if (ceiling != null) {
                    target("Met throughput >= 30% of the ceiling's", met.throughput >= 0.30 * ceiling.throughput,
                            String.format("%.0f%%", 100 * met.throughput / ceiling.throughput));
                }
                target("Met p99 < 50 ms", met.p99 < 50, String.format("%.1f ms", met.p99));
                target("Met errors = 0", met.errors == 0, Long.toString(met.errors));
                target("Met acknowledged captures lost = 0", met.lost != null && met.lost.missing() == 0,
                        met.lost == null ? "?" : Long.toString(met.lost.missing()));
                if (peer != null) {
                    target("Met throughput >= 5x the peer's", met.throughput >= 5 * peer.throughput,
                            String.format("%.2f×", met.throughput / peer.throughput));
                }
                // Which heap the figure is for: the Docker image's cap, or the JVM's own sizing on this machine
                target("Met peak RSS < 400 MB (" + MET_XMX.map(xmx -> xmx + " as the image").orElse("JVM's own heap") + ")",
                        met.rssMb < 400, String.format("%.0f MB", met.rssMb));
                System.out.printf("   %-52s %s%n", "Met start-up (jar to /readyz 200)", met.startupMs + " ms");
            }
            if (quick != null) {
                if (ceiling != null) {
                    target("Met quick >= 30% of the ceiling's", quick.throughput >= 0.30 * ceiling.throughput,
                            String.format("%.0f%%", 100 * quick.throughput / ceiling.throughput));
                }
                target("Met quick p99 < 50 ms", quick.p99 < 50, String.format("%.1f ms", quick.p99));
                if (peer != null) {
                    target("Met quick >= 5x the peer's", quick.throughput >= 5 * peer.throughput,
                            String.format("%.2f×", quick.throughput / peer.throughput));
                }
                target("Met quick errors = 0, lost = 0", quick.errors == 0 && quick.lost != null && quick.lost.missing() == 0,
                        quick.errors + ", " + (quick.lost == null ? "?" : Long.toString(quick.lost.missing())));
            }
            if (outage != null) {
                outage.targets();
            }
        }
    }

    static void target(String what, boolean pass, String value) {
        System.out.printf("   %-52s %-10s %s%n", what, value, pass ? "PASS" : "FAIL");
    }

    // ------------------------------------------------------------------------------------------------------------
    // Results
    // ------------------------------------------------------------------------------------------------------------

    /** What a load did to one server in the measured window. */
    static final class Result {
        String name;
        long requests, errors;
        double seconds, throughput, p50, p95, p99, max, rssMb, cpuPerRequestUs, sysPerRequestUs, dbCpuPerRequestUs;
        long threads, startupMs;
        double warmupSeconds;
        List<Long> warmupRates = List.of();
        Map<String, Long> outcomes = new LinkedHashMap<>();
        Map<Integer, double[]> byKind = new LinkedHashMap<>();
        Map<String, String> examples = new LinkedHashMap<>();
        Lost lost;

        static Result of(String name, List<Sample> all, long fromNs, long toNs) {
            Result r = new Result();
            r.name = name;
            List<Sample> in = all.stream().filter(s -> s.endNs() >= fromNs && s.endNs() < toNs).toList();
            r.requests = in.size();
            r.seconds = (toNs - fromNs) / 1e9;
            r.throughput = in.size() / r.seconds;
            double[] p = percentiles(in.stream().mapToInt(Sample::micros).toArray());
            r.p50 = p[0]; r.p95 = p[1]; r.p99 = p[2]; r.max = p[3];
            for (Sample s : in) {
                r.outcomes.merge(Outcome.NAMES[s.outcome()], 1L, Long::sum);
                if (!Outcome.isAck(s.outcome())) {
                    r.errors++;
                }
            }
            for (int kind : in.stream().mapToInt(Sample::kind).distinct().sorted().toArray()) {
                r.byKind.put(kind, percentiles(in.stream().filter(s -> s.kind() == kind).mapToInt(Sample::micros).toArray()));
            }
            return r;
        }

        void print() {
            System.out.printf("   warm-up %.0f s (req/s per 5 s: %s)%n", warmupSeconds,
                    warmupRates.stream().map(String::valueOf).collect(Collectors.joining(" ")));
            System.out.printf("   %,d requests in %.1f s: %.0f req/s; latency p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    requests, seconds, throughput, p50, p95, p99, max);
            if (byKind.size() > 1) {
                byKind.forEach((kind, p) -> System.out.printf("     %-18s p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", Workload.KINDS[kind], p[0], p[2], p[3]));
            }
            System.out.printf("   answers: %s; errors %d%n", outcomes, errors);
            System.out.printf("   process: peak RSS (VmHWM) %.0f MB, %d threads at the end; CPU %.0f µs per request (%.0f of it in the kernel)%s%n", rssMb, threads,
                    cpuPerRequestUs, sysPerRequestUs, dbCpuPerRequestUs == 0 ? "" : String.format(" (+ PostgreSQL %.0f µs)", dbCpuPerRequestUs));
        }
    }

    /** Met's storage path alone (see Bench.storageOnly). */
    record Storage(double throughput, double p50, double p99, double cpuUs, double dbCpuUs, long failures) {
    }

    /** Acknowledged captures against the rows the database holds afterwards. */
    record Lost(long acked, long stored, long missing, long formsAcked, long formsStored, long formsMissing) {
        @Override
        public String toString() {
            String quick = String.format("acknowledged \"Saved\": %,d; found in the database: %,d; missing: %d", acked, stored, missing);
            return formsAcked == 0 && formsStored == 0 ? quick
                    : quick + String.format(" | form submissions acknowledged: %,d; stored: %,d; missing: %d", formsAcked, formsStored, formsMissing);
        }
    }

    /** The database-outage phase. */
    static final class Outage {
        long startupMs, stopAt, stoppedAt, restartAt, restartedAt;
        long during, duringMaxMicros, duringSaved, duringMessages, during5xx, duringIo, duringOther, stackTraces;
        double duringP99, duringThroughput, rssMb;
        String message;
        long firstNotReadyMs = -1, readyAgainMs = -1, firstSavedAfterMs = -1;
        long readyzChecks, readyzMaxMs;
        double threadsBefore, threadsPeak, threadsAfter;
        long overallMaxMicros, overallErrors;
        Lost lost;

        void analyse(List<Sample> samples, Monitor monitor, long warm, Load load) {
            // Requests that were in flight at any moment of the outage.
            List<Sample> hit = samples.stream().filter(s -> s.endNs() >= stopAt && s.startNs() < restartedAt).toList();
            during = hit.size();
            duringMaxMicros = hit.stream().mapToLong(Sample::micros).max().orElse(0);
            duringP99 = percentiles(hit.stream().mapToInt(Sample::micros).toArray())[2];
            duringThroughput = hit.size() / ((restartedAt - stopAt) / 1e9);
            for (Sample s : hit) {
                switch (s.outcome()) {
                    case Outcome.SAVED, Outcome.FORM_SAVED -> duringSaved++;
                    case Outcome.MESSAGE, Outcome.FORM_KEPT_OPEN -> duringMessages++;
                    case Outcome.IO -> duringIo++;
                    case Outcome.STATUS -> {
                        if (s.status() >= 500) {
                            during5xx++;
                        } else {
                            duringOther++;
                        }
                    }
                    default -> duringOther++;
                }
            }
            message = load.examples.get(Outcome.MESSAGE);
            stackTraces = load.stackTraces.get();
            List<Sample> after = samples.stream().filter(s -> s.startNs() >= restartedAt && Outcome.isAck(s.outcome()))
                    .sorted(Comparator.comparingLong(Sample::endNs)).toList();
            firstSavedAfterMs = after.isEmpty() ? -1 : (after.get(0).endNs() - restartedAt) / 1_000_000;
            List<Sample> measured = samples.stream().filter(s -> s.startNs() >= warm).toList();
            overallMaxMicros = measured.stream().mapToLong(Sample::micros).max().orElse(0);
            overallErrors = measured.stream().filter(s -> s.outcome() == Outcome.IO || (s.outcome() == Outcome.STATUS && s.status() >= 500)).count();
            for (Monitor.Check c : monitor.readyz) {
                readyzChecks++;
                readyzMaxMs = Math.max(readyzMaxMs, c.millis());
                if (firstNotReadyMs < 0 && c.atNs() >= stopAt && c.status() != 200) {
                    firstNotReadyMs = (c.atNs() - stopAt) / 1_000_000;
                }
                if (readyAgainMs < 0 && c.atNs() >= restartedAt && c.status() == 200) {
                    readyAgainMs = (c.atNs() + c.millis() * 1_000_000L - restartedAt) / 1_000_000;
                }
            }
            threadsBefore = monitor.threads.stream().filter(t -> t.atNs() >= warm && t.atNs() < stopAt).mapToDouble(Monitor.Gauge::value).max().orElse(-1);
            threadsPeak = monitor.threads.stream().filter(t -> t.atNs() >= stopAt).mapToDouble(Monitor.Gauge::value).max().orElse(-1);
            threadsAfter = monitor.threads.isEmpty() ? -1 : monitor.threads.get(monitor.threads.size() - 1).value();
        }

        void print() {
            System.out.printf("   requests in flight during the outage: %,d (%.0f/s); max latency %.0f ms, p99 %.0f ms%n", during, duringThroughput,
                    duringMaxMicros / 1000.0, duringP99);
            System.out.printf("   their answers: %d saved (before the stop took effect), %d clear messages, %d 5xx, %d connection errors, %d other; %d bodies with a stack trace%n",
                    duringSaved, duringMessages, during5xx, duringIo, duringOther, stackTraces);
            if (message != null) {
                System.out.println("   the message: " + message);
            }
            System.out.printf("   /readyz (%d checks, slowest %d ms): 503 %s after the stop, 200 again %s after the restart, Met not restarted%n",
                    readyzChecks, readyzMaxMs, firstNotReadyMs < 0 ? "never" : firstNotReadyMs + " ms", readyAgainMs < 0 ? "never" : readyAgainMs + " ms");
            System.out.printf("   first capture saved %s after the restart%n", firstSavedAfterMs < 0 ? "never" : firstSavedAfterMs + " ms");
            System.out.printf("   jvm_threads_live_threads: %.0f under load before, peak %.0f during and after the outage, %.0f at the end%n",
                    threadsBefore, threadsPeak, threadsAfter);
            System.out.printf("   whole phase after warm-up: max latency %.0f ms, %d 5xx or connection errors; peak RSS %.0f MB%n",
                    overallMaxMicros / 1000.0, overallErrors, rssMb);
            System.out.println("   " + lost);
        }

        void targets() {
            target("Outage: every answer within 3 s", duringMaxMicros < 3_000_000 && overallMaxMicros < 3_000_000,
                    String.format("max %.0f ms", Math.max(duringMaxMicros, overallMaxMicros) / 1000.0));
            target("Outage: clear messages, no 5xx, no stack trace", during5xx == 0 && duringIo == 0 && duringOther == 0 && stackTraces == 0,
                    String.format("%d 5xx", during5xx));
            target("Outage: /readyz 503, then 200 without a restart", firstNotReadyMs >= 0 && readyAgainMs >= 0,
                    readyAgainMs < 0 ? "no" : String.format("back %.1f s", readyAgainMs / 1000.0));
            target("Outage: threads do not pile up (peak <= before + 10)", threadsPeak <= threadsBefore + 10 && threadsAfter <= threadsBefore + 5,
                    String.format("%.0f→%.0f", threadsBefore, threadsPeak));
            target("Outage: acknowledged captures lost = 0", lost != null && lost.missing() == 0 && lost.formsMissing() == 0,
                    lost == null ? "?" : Long.toString(lost.missing() + lost.formsMissing()));
        }
    }

    static double[] percentiles(int[] micros) {
        if (micros.length == 0) {
            return new double[] {0, 0, 0, 0};
        }
        int[] sorted = micros.clone();
        Arrays.sort(sorted);
        return new double[] {at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99), sorted[sorted.length - 1] / 1000.0};
    }

    private static double at(int[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1000.0;
    }

    // ------------------------------------------------------------------------------------------------------------
    // The load generator: one thread and one keep-alive connection per "connection", closed loop.
    // ------------------------------------------------------------------------------------------------------------

    record Sample(long startNs, int micros, byte kind, byte outcome, short status) {
        long endNs() {
            return startNs + micros * 1000L;
        }
    }

    static final class Outcome {
        static final byte SAVED = 0, FORM_SAVED = 1, MESSAGE = 2, FORM_KEPT_OPEN = 3, BODY = 4, STATUS = 5, IO = 6;
        static final String[] NAMES = {"saved", "form saved", "message", "form kept open", "unexpected body", "non-200", "connection error"};

        static boolean isAck(byte outcome) {
            return outcome == SAVED || outcome == FORM_SAVED;
        }
    }

    /** A request to send: its kind (for per-kind latencies) and its form-encoded body, signed when sent. */
    record Req(byte kind, byte[] body) {
    }

    interface Workload {
        String[] KINDS = {"quick capture", "debrief form"};

        Req next(Random rnd);

        /** The outcome of one answer; records what was acknowledged. */
        byte judge(Req req, int status, String body);
    }

    static final class Load {
        final long t0 = System.nanoTime();
        final List<Thread> threads = new ArrayList<>();
        final ConcurrentLinkedQueue<List<Sample>> done = new ConcurrentLinkedQueue<>();
        final Map<Byte, String> examples = new ConcurrentHashMap<>();
        final AtomicLong stackTraces = new AtomicLong();

        final java.util.concurrent.atomic.LongAdder completed = new java.util.concurrent.atomic.LongAdder();
        volatile long end = Long.MAX_VALUE;

        /** Runs until {@link #stopAt} is called (or the given seconds, when not 0). */
        static Load start(int port, Workload workload, int connections, int seconds) {
            Load load = new Load();
            if (seconds > 0) {
                load.end = load.t0 + seconds * 1_000_000_000L;
            }
            for (int i = 0; i < connections; i++) {
                int worker = i;
                Thread t = new Thread(() -> load.work(port, workload, new Random(worker * 7919L + System.nanoTime())), "load-" + i);
                load.threads.add(t);
                t.start();
            }
            return load;
        }

        void stopAt(long nanosFromStart) {
            end = t0 + nanosFromStart;
        }

        final List<Long> warmupRates = new ArrayList<>();

        /**
         * A JIT compiler starved of CPU (a shared machine) can take a minute or more to compile Met's hot paths: wait at
         * least {@code minSeconds} and {@link #WARMUP_REQUESTS} requests, then until two consecutive 5-second windows agree
         * within 5%, at most {@code maxSeconds}.
         * Returns the nanoseconds from the start at which warm-up ended.
         */
        long warmUp(int minSeconds, int maxSeconds) throws InterruptedException {
            double previous = -1;
            long count = 0, at = t0;
            while (true) {
                long elapsed = System.nanoTime() - t0;
                if (elapsed >= maxSeconds * 1_000_000_000L) {
                    break;
                }
                Thread.sleep(Math.min(5000, Math.max(1, (maxSeconds * 1_000_000_000L - elapsed) / 1_000_000)));
                long c = completed.sum(), now = System.nanoTime();
                if (now - at < 1_000_000_000L) {
                    break; // the last sliver before --max-warmup says nothing about the rate
                }
                double rate = (c - count) / ((now - at) / 1e9);
                warmupRates.add(Math.round(rate));
                boolean steady = previous > 0 && Math.abs(rate - previous) <= 0.05 * Math.max(rate, previous);
                if (steady && now - t0 >= minSeconds * 1_000_000_000L && c >= WARMUP_REQUESTS) {
                    break;
                }
                previous = rate;
                count = c;
                at = now;
            }
            return System.nanoTime() - t0;
        }

        List<Sample> await() throws InterruptedException {
            for (Thread t : threads) {
                t.join();
            }
            List<Sample> all = new ArrayList<>();
            done.forEach(all::addAll);
            all.sort(Comparator.comparingLong(Sample::startNs));
            return all;
        }

        private void work(int port, Workload workload, Random rnd) {
            List<Sample> samples = new ArrayList<>(1 << 16);
            Signer signer = new Signer(SECRET);
            try (Http http = new Http(port)) {
                while (System.nanoTime() < end) {
                    Req req = workload.next(rnd);
                    String ts = Long.toString(System.currentTimeMillis() / 1000);
                    long start = System.nanoTime();
                    byte outcome;
                    int status = 0;
                    try {
                        Http.Reply reply = http.post("/slack/events", req.body(), ts, signer.sign(ts, req.body()));
                        status = reply.status();
                        outcome = status == 200 ? workload.judge(req, status, reply.body()) : Outcome.STATUS;
                        if (reply.body().contains("Exception") || reply.body().contains("\tat ") || reply.body().contains(".java:")) {
                            stackTraces.incrementAndGet();
                        }
                        if (!Outcome.isAck(outcome)) {
                            examples.putIfAbsent(outcome, status + " " + abbreviate(reply.body()));
                        }
                    } catch (IOException e) {
                        outcome = Outcome.IO;
                        examples.putIfAbsent(outcome, e.toString());
                        http.close();
                        pause(20);
                    }
                    long micros = (System.nanoTime() - start) / 1000;
                    samples.add(new Sample(start - t0, (int) Math.min(Integer.MAX_VALUE, micros), req.kind(), outcome, (short) status));
                    completed.increment();
                }
            }
            done.add(samples);
        }
    }

    static String abbreviate(String body) {
        try {
            JsonElement json = JsonParser.parseString(body);
            if (json.isJsonObject() && json.getAsJsonObject().has("text")) {
                body = json.getAsJsonObject().get("text").getAsString();
            } else if (json.isJsonObject() && json.getAsJsonObject().has("errors")) {
                body = json.getAsJsonObject().get("errors").toString();
            }
        } catch (RuntimeException e) {
            // not JSON: shown as it is
        }
        body = body.replace("\n", " ⏎ ");
        return body.length() > 240 ? body.substring(0, 240) + "…" : body;
    }

    /** Slack's request signature: v0=hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + body)). */
    static final class Signer {
        private final Mac mac;

        Signer(String secret) {
            try {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        String sign(String timestamp, byte[] body) {
            mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
        }
    }

    /** A minimal HTTP/1.1 keep-alive client: cheap enough that the servers, not the client, set the pace. */
    static final class Http implements Closeable {
        record Reply(int status, String body) {
        }

        private final int port;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        Http(int port) {
            this.port = port;
        }

        Reply post(String path, byte[] body, String timestamp, String signature) throws IOException {
            connect();
            String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length
                    + "\r\nX-Slack-Request-Timestamp: " + timestamp + "\r\nX-Slack-Signature: " + signature + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return read();
        }

        Reply get(String path) throws IOException {
            connect();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return read();
        }

        private void connect() throws IOException {
            if (socket == null) {
                socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(10_000);
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
                in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
                out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            }
        }

        private Reply read() throws IOException {
            String statusLine = line();
            if (statusLine.length() < 12) {
                throw new IOException("bad status line: " + statusLine);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false, close = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    default -> {
                    }
                }
            }
            byte[] body;
            if (chunked) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0; size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                    bytes.write(in.readNBytes(size));
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
                body = bytes.toByteArray();
            } else if (length >= 0) {
                body = in.readNBytes((int) length);
            } else {
                body = in.readAllBytes();
                close = true;
            }
            if (close) {
                close();
            }
            return new Reply(status, new String(body, StandardCharsets.UTF_8));
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        @Override
        public void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing anyway
                }
                socket = null;
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Workloads: varied captures (all servers) and debrief form submissions (Met only)
    // ------------------------------------------------------------------------------------------------------------

    /** Slash commands only; an answer is an ack when it is a 200 whose text starts with {@code expected}. */
    static final class SimpleWorkload implements Workload {
        final String expected;
        final AtomicLong acked = new AtomicLong();

        SimpleWorkload(String expected) {
            this.expected = expected;
        }

        @Override
        public Req next(Random rnd) {
            return new Req((byte) 0, Captures.slashCommand(rnd, Captures.text(rnd)));
        }

        @Override
        public byte judge(Req req, int status, String body) {
            String text = textOf(body);
            if (text != null && text.startsWith(expected)) {
                acked.incrementAndGet();
                return Outcome.SAVED;
            }
            return text != null ? Outcome.MESSAGE : Outcome.BODY;
        }
    }

    /** Met: quick captures and, for formShare of requests (--forms), debrief form submissions. */
    static final class MetWorkload implements Workload {
        final Set<Long> savedIds = ConcurrentHashMap.newKeySet();
        final AtomicLong formsAcked = new AtomicLong();
        final double formShare;

        MetWorkload(double formShare) {
            this.formShare = formShare;
        }

        @Override
        public Req next(Random rnd) {
            return rnd.nextDouble() < formShare ? new Req((byte) 1, Forms.submission(rnd)) : new Req((byte) 0, Captures.slashCommand(rnd, Captures.text(rnd)));
        }

        @Override
        public byte judge(Req req, int status, String body) {
            if (req.kind() == 1) {
                if (body.isEmpty()) { // an empty ack closes the modal: the debrief is saved
                    formsAcked.incrementAndGet();
                    return Outcome.FORM_SAVED;
                }
                return body.contains("\"response_action\":\"errors\"") ? Outcome.FORM_KEPT_OPEN : Outcome.BODY;
            }
            String text = textOf(body);
            if (text == null) {
                return Outcome.BODY;
            }
            if (!text.startsWith("Saved")) {
                return Outcome.MESSAGE;
            }
            // The debrief id is the value of the Edit / Add details / Undo buttons.
            Optional<Long> id = debriefId(body);
            if (id.isEmpty()) {
                return Outcome.BODY;
            }
            savedIds.add(id.get());
            return Outcome.SAVED;
        }

        static Optional<Long> debriefId(String body) {
            JsonArray blocks = JsonParser.parseString(body).getAsJsonObject().getAsJsonArray("blocks");
            for (JsonElement b : blocks) {
                JsonObject block = b.getAsJsonObject();
                if (block.has("block_id") && block.get("block_id").getAsString().equals("met_capture_actions")) {
                    return Optional.of(Long.parseLong(block.getAsJsonArray("elements").get(0).getAsJsonObject().get("value").getAsString()));
                }
            }
            return Optional.empty();
        }

        /** Every "Saved" must be a debrief row; every closed form too. */
        Lost lost(String jdbcUrl) throws SQLException {
            try (Connection c = DriverManager.getConnection(jdbcUrl)) {
                long found;
                try (PreparedStatement s = c.prepareStatement("select count(*) from debrief where team_id = ? and source = 'quick' and id = any(?)")) {
                    Array ids = c.createArrayOf("bigint", savedIds.toArray());
                    s.setString(1, TEAM);
                    s.setArray(2, ids);
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        found = rs.getLong(1);
                    }
                }
                long forms;
                try (PreparedStatement s = c.prepareStatement("select count(*) from debrief where team_id = ? and source = 'form'")) {
                    s.setString(1, TEAM);
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        forms = rs.getLong(1);
                    }
                }
                return new Lost(savedIds.size(), found, savedIds.size() - found, formsAcked.get(), forms, Math.max(0, formsAcked.get() - forms));
            }
        }
    }

    static String textOf(String body) {
        try {
            JsonElement json = JsonParser.parseString(body);
            return json.isJsonObject() && json.getAsJsonObject().has("text") ? json.getAsJsonObject().get("text").getAsString() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String teammate(int i) {
        return String.format("U0BENCH%02d", i);
    }

    /** Realistic quick captures in the forms the README documents, over a few thousand people and a few dozen events. */
    static final class Captures {
        static final String[] FIRST = {"Dana", "Sam", "Priya", "Li", "Jo", "Ana", "Marco", "Fatima", "Kenji", "Olga", "Tomás", "Aisha",
                "Ben", "Chloé", "Diego", "Elif", "Femi", "Greta", "Hiro", "Inès", "Jonas", "Kavya", "Lars", "Mei", "Nadia", "Omar",
                "Paula", "Quentin", "Rosa", "Sven", "Tariq", "Uma", "Viktor", "Wen", "Yara", "Zoe"};
        static final String[] LAST = {"Lee", "Ortiz", "Nair", "Wei", "Smith", "García", "Rossi", "Haddad", "Tanaka", "Ivanova", "Silva",
                "Khan", "Müller", "Dubois", "Fernández", "Yılmaz", "Adeyemi", "Larsen", "Sato", "Costa", "Becker", "Iyer", "Nilsson",
                "Chen", "Petrova", "Farouk", "Moreau", "Novak", "Kowalski", "O'Brien", "Schmidt", "Park", "Kim", "Nguyen", "Okafor",
                "Lindqvist"};
        static final String[] COMPANY = {"Acme Robotics", "Globex", "Initech", "Umbrella Health", "Stark Logistics", "Wayne Capital",
                "Hooli", "Pied Piper", "Vandelay Industries", "Soylent Foods", "Tyrell Systems", "Cyberdyne", "Oscorp Labs",
                "Wonka Confections", "Monarch Solar", "Blue Sun", "Aperture Science", "Massive Dynamic", "Nakatomi Trading",
                "Northwind Traders", "Contoso", "Fabrikam", "Litware", "Tailspin Toys", "Adventure Works", "Proseware",
                "Wide World Importers", "Lamna Healthcare", "Acme, Inc.", "Bluth Company GmbH"};
        static final String[] ROLE = {"CTO", "CEO", "VP Sales", "Head of Partnerships", "Engineering Manager", "Product Lead", "CFO",
                "Founder", "Recruiter", "Staff Engineer", "Designer", "Marketing Director", "Procurement Lead", "Investor",
                "Developer Advocate"};
        static final String[] EVENT = {"DevConf 2026", "Berlin JS meetup", "SaaStr", "RubyConf", "Chamber of Commerce breakfast",
                "Web Summit", "KubeCon", "PyData London", "Founders Friday", "Product Camp", "AWS Summit", "Women in Tech lunch",
                "Startup Grind", "React Paris", "Rotary dinner", "the library hackathon", "DataEngConf", "FinTech Week",
                "Design Matters", "food bank volunteering day"};
        static final String[] NOTE = {"wants an API pilot", "looking for a data partner", "hiring two backend engineers",
                "interested in our Q3 roadmap", "knows the CFO at Globex", "asked for the case study", "building an internal tool on Slack",
                "evaluating vendors next quarter", "wants an intro to our design team", "has budget for observability",
                "met in the coffee line", "speaking at the next meetup", "running a pilot with a competitor", "open to a referral swap",
                "needs SOC 2 before buying"};
        static final String[] FOLLOW_UP = {"follow up in 2 weeks", "follow up in 3 days", "follow up in a month", "follow up tomorrow",
                "follow up next monday", "follow up next week", "f/u in 10 days"};

        static String pick(Random rnd, String[] values) {
            return values[rnd.nextInt(values.length)];
        }

        static String person(Random rnd) {
            return pick(rnd, FIRST) + " " + pick(rnd, LAST);
        }

        static String company(Random rnd) {
            String c = pick(rnd, COMPANY);
            return c.contains(",") ? "\"" + c + "\"" : c;
        }

        static String followUp(Random rnd) {
            return rnd.nextInt(5) == 0 ? "follow up on " + LocalDate.now(ZoneOffset.UTC).plusDays(7 + rnd.nextInt(60)) : pick(rnd, FOLLOW_UP);
        }

        static String ascii(String s) {
            return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "").replaceAll("[^A-Za-z]", "").toLowerCase(Locale.ROOT);
        }

        static String text(Random rnd) {
            String first = pick(rnd, FIRST), last = pick(rnd, LAST), person = first + " " + last;
            return switch (rnd.nextInt(8)) {
                case 0, 1 -> person + ", " + company(rnd) + ", " + pick(rnd, ROLE) + " @ " + pick(rnd, EVENT) + " — " + pick(rnd, NOTE) + "; " + followUp(rnd);
                case 2 -> person + " at " + pick(rnd, EVENT);
                case 3 -> person + ", " + company(rnd) + ": " + pick(rnd, NOTE) + ", " + followUp(rnd);
                case 4 -> person + " " + ascii(first) + "." + ascii(last) + "@example.com, " + company(rnd) + " - " + pick(rnd, NOTE);
                case 5 -> person + " https://www.linkedin.com/in/" + ascii(first) + ascii(last) + " @ " + pick(rnd, EVENT);
                case 6 -> person + ", " + company(rnd) + ", " + pick(rnd, ROLE) + " @ " + pick(rnd, EVENT) + " — " + pick(rnd, NOTE);
                default -> person + ", " + company(rnd) + " @ " + pick(rnd, EVENT);
            };
        }

        static final AtomicLong triggers = new AtomicLong();

        /** A /met slash command as Slack posts it (form-encoded). */
        static byte[] slashCommand(Random rnd, String text) {
            String user = teammate(rnd.nextInt(TEAMMATES));
            Map<String, String> form = new LinkedHashMap<>();
            form.put("token", "deprecated-verification-token");
            form.put("team_id", TEAM);
            form.put("team_domain", "met-bench");
            form.put("channel_id", "C0GENERAL");
            form.put("channel_name", "general");
            form.put("user_id", user);
            form.put("user_name", user.toLowerCase(Locale.ROOT));
            form.put("command", "/met");
            form.put("text", text);
            form.put("api_app_id", "A0MET");
            form.put("is_enterprise_install", "false");
            form.put("response_url", "https://hooks.slack.com/commands/" + TEAM + "/1/bench");
            form.put("trigger_id", "1.2.bench-" + triggers.incrementAndGet());
            return encode(form);
        }
    }

    /** Debrief form submissions, built as DebriefFormTest builds them: Met's own view, with state as Slack sends it. */
    static final class Forms {
        static final String[] KINDS = {"conference", "meetup", "chamber_of_commerce", "volunteering", "social_or_online", "client_referral", "other"};
        static final Map<Integer, String> VIEWS = new ConcurrentHashMap<>();

        /** The view Met opened, as JSON (Slack sends the whole view back with the state). */
        static JsonObject view(int rows) {
            String json = VIEWS.computeIfAbsent(rows, n -> GsonFactory.createSnakeCase()
                    .toJson(DebriefFormBlocks.view(null, new FormMetadata("C0GENERAL", null, n), List.of())));
            return JsonParser.parseString(json).getAsJsonObject();
        }

        static byte[] submission(Random rnd) {
            int rows = 1 + rnd.nextInt(3);
            String user = teammate(rnd.nextInt(TEAMMATES));
            JsonObject view = view(rows);
            view.addProperty("id", "V" + Captures.triggers.incrementAndGet());
            view.addProperty("hash", "h" + System.nanoTime());
            view.addProperty("team_id", TEAM);
            JsonObject values = new JsonObject();
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            put(values, DebriefFormBlocks.EVENT_NAME_BLOCK, text(Captures.pick(rnd, Captures.EVENT)));
            put(values, DebriefFormBlocks.EVENT_DATE_BLOCK, date(today.minusDays(1)));
            JsonObject option = new JsonObject();
            option.addProperty("value", Captures.pick(rnd, KINDS));
            JsonObject kind = new JsonObject();
            kind.addProperty("type", "static_select");
            kind.add("selected_option", option);
            put(values, DebriefFormBlocks.EVENT_KIND_BLOCK, kind);
            JsonArray teammates = new JsonArray();
            for (int i = rnd.nextInt(3); i > 0; i--) {
                teammates.add(teammate(rnd.nextInt(TEAMMATES)));
            }
            JsonObject users = new JsonObject();
            users.addProperty("type", "multi_users_select");
            users.add("selected_users", teammates);
            put(values, DebriefFormBlocks.TEAMMATES_BLOCK, users);
            for (int row = 1; row <= rows; row++) {
                String first = Captures.pick(rnd, Captures.FIRST), last = Captures.pick(rnd, Captures.LAST);
                put(values, DebriefFormBlocks.contactBlockId(row, DebriefFormBlocks.CONTACT_NAME), text(first + " " + last));
                put(values, DebriefFormBlocks.contactBlockId(row, DebriefFormBlocks.CONTACT_COMPANY), text(Captures.pick(rnd, Captures.COMPANY)));
                put(values, DebriefFormBlocks.contactBlockId(row, DebriefFormBlocks.CONTACT_ROLE), text(Captures.pick(rnd, Captures.ROLE)));
                if (rnd.nextBoolean()) {
                    put(values, DebriefFormBlocks.contactBlockId(row, DebriefFormBlocks.CONTACT_EMAIL),
                            text(Captures.ascii(first) + "." + Captures.ascii(last) + "@example.org"));
                }
                put(values, DebriefFormBlocks.contactBlockId(row, DebriefFormBlocks.CONTACT_NOTES), text(Captures.pick(rnd, Captures.NOTE)));
                if (rnd.nextBoolean()) {
                    put(values, DebriefFormBlocks.contactBlockId(row, DebriefFormBlocks.CONTACT_FOLLOW_UP), date(today.plusDays(7 + rnd.nextInt(30))));
                }
            }
            put(values, DebriefFormBlocks.IDEAS_BLOCK, text("Sponsor a track next year; bring the demo on a phone"));
            put(values, DebriefFormBlocks.ACTION_ITEMS_BLOCK, JsonParser.parseString("""
                    {"type":"rich_text_input","rich_text_value":{"type":"rich_text","elements":[
                      {"type":"rich_text_section","elements":[{"type":"text","text":"Send the deck "},{"type":"user","user_id":"%s"},
                                                              {"type":"text","text":"\\nBook a booth"}]}]}}
                    """.formatted(teammate(rnd.nextInt(TEAMMATES)))));
            if (rnd.nextBoolean()) {
                put(values, DebriefFormBlocks.REFERRALS_GIVEN_BLOCK, text("Introduced them to our partner at Globex"));
            }
            JsonObject state = new JsonObject();
            state.add("values", values);
            view.add("state", state);

            JsonObject payload = new JsonObject();
            payload.addProperty("type", "view_submission");
            JsonObject team = new JsonObject();
            team.addProperty("id", TEAM);
            team.addProperty("domain", "met-bench");
            payload.add("team", team);
            JsonObject u = new JsonObject();
            u.addProperty("id", user);
            u.addProperty("username", user.toLowerCase(Locale.ROOT));
            u.addProperty("team_id", TEAM);
            payload.add("user", u);
            payload.addProperty("api_app_id", "A0MET");
            payload.addProperty("token", "deprecated-verification-token");
            payload.addProperty("trigger_id", "1.2.bench-" + Captures.triggers.incrementAndGet());
            payload.add("view", view);
            return encode(Map.of("payload", payload.toString()));
        }

        static void put(JsonObject values, String blockId, JsonElement value) {
            JsonObject block = new JsonObject();
            block.add(DebriefFormBlocks.ACTION_ID, value);
            values.add(blockId, block);
        }

        static JsonObject text(String value) {
            JsonObject v = new JsonObject();
            v.addProperty("type", "plain_text_input");
            v.addProperty("value", value);
            return v;
        }

        static JsonObject date(LocalDate day) {
            JsonObject v = new JsonObject();
            v.addProperty("type", "datepicker");
            v.addProperty("selected_date", day.toString());
            return v;
        }
    }

    static byte[] encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")).getBytes(StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------------------------------
    // The fake Slack Web API, the outage monitor and the processes under test
    // ------------------------------------------------------------------------------------------------------------

    /** auth.test, users.info with a time zone, and {"ok":true} for anything else. */
    static final class FakeSlackApi {
        static final String[] ZONES = {"America/Los_Angeles", "America/New_York", "Europe/London", "Europe/Berlin", "Asia/Kolkata",
                "Asia/Tokyo", "Australia/Sydney", "America/Sao_Paulo"};
        final HttpServer server;
        final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();

        private FakeSlackApi(HttpServer server) {
            this.server = server;
        }

        static FakeSlackApi start() {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
                FakeSlackApi fake = new FakeSlackApi(server);
                server.createContext("/", fake::handle);
                server.setExecutor(Executors.newFixedThreadPool(4, r -> {
                    Thread t = new Thread(r, "fake-slack");
                    t.setDaemon(true);
                    return t;
                }));
                server.start();
                return fake;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String apiUrl() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
        }

        long calls(String method) {
            AtomicLong n = calls.get(method);
            return n == null ? 0 : n.get();
        }

        String callsAndReset() {
            String s = new java.util.TreeMap<>(calls).toString();
            calls.clear();
            return s;
        }

        private void handle(HttpExchange exchange) throws IOException {
            String path = exchange.getRequestURI().getPath();
            String method = path.startsWith("/api/") ? path.substring(5) : path;
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            calls.computeIfAbsent(method, m -> new AtomicLong()).incrementAndGet();
            JsonObject answer = new JsonObject();
            answer.addProperty("ok", true);
            if (method.equals("auth.test")) {
                answer.addProperty("url", "https://met-bench.slack.com/");
                answer.addProperty("team", "Met Bench");
                answer.addProperty("user", "met");
                answer.addProperty("team_id", TEAM);
                answer.addProperty("user_id", "UMETBOT");
                answer.addProperty("bot_id", "BMET");
            } else if (method.equals("users.info")) {
                String id = formField(body, "user").orElse("U0NOBODY");
                JsonObject user = new JsonObject();
                user.addProperty("id", id);
                user.addProperty("team_id", TEAM);
                user.addProperty("name", id.toLowerCase(Locale.ROOT));
                user.addProperty("real_name", "Teammate " + id);
                user.addProperty("tz", ZONES[Math.floorMod(id.hashCode(), ZONES.length)]);
                user.addProperty("is_admin", false);
                user.addProperty("is_owner", false);
                JsonObject profile = new JsonObject();
                profile.addProperty("display_name", "teammate-" + id);
                user.add("profile", profile);
                answer.add("user", user);
            }
            byte[] bytes = answer.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }

        static Optional<String> formField(String body, String name) {
            if (body.startsWith("{")) {
                JsonObject json = JsonParser.parseString(body).getAsJsonObject();
                return json.has(name) ? Optional.of(json.get(name).getAsString()) : Optional.empty();
            }
            for (String pair : body.split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv.length == 2 && URLDecoder.decode(kv[0], StandardCharsets.UTF_8).equals(name)) {
                    return Optional.of(URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
                }
            }
            return Optional.empty();
        }
    }

    /** One value from a server's /metrics, or NaN when it is not there or the server does not answer. */
    static double metric(int port, String name) {
        try (Http http = new Http(port)) {
            return metricIn(http.get("/metrics").body(), name);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** One value from Prometheus text (its first series of that name), or NaN when it is not there. */
    static double metricIn(String prometheusText, String name) {
        for (String line : prometheusText.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Double.NaN;
    }

    /** During the outage phase: /readyz every 200 ms, jvm_threads_live_threads from /metrics every 500 ms. */
    static final class Monitor {
        record Check(long atNs, int status, long millis) {
        }

        record Gauge(long atNs, double value) {
        }

        final int port;
        final List<Check> readyz = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<Gauge> threads = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile boolean running = true;
        final List<Thread> pollers = new ArrayList<>();

        Monitor(int port) {
            this.port = port;
        }

        void start(long t0) {
            pollers.add(poll(200, t0, http -> {
                long start = System.nanoTime();
                int status;
                try {
                    status = http.get("/readyz").status();
                } catch (IOException e) {
                    status = 0;
                    http.close();
                }
                readyz.add(new Check(start - t0, status, (System.nanoTime() - start) / 1_000_000));
            }));
            pollers.add(poll(500, t0, http -> {
                long start = System.nanoTime();
                try {
                    double live = metricIn(http.get("/metrics").body(), "jvm_threads_live_threads");
                    if (!Double.isNaN(live)) {
                        threads.add(new Gauge(start - t0, live));
                    }
                } catch (IOException e) {
                    http.close();
                }
            }));
        }

        private Thread poll(long everyMs, long t0, java.util.function.Consumer<Http> check) {
            Thread t = new Thread(() -> {
                try (Http http = new Http(port)) {
                    while (running) {
                        check.accept(http);
                        pause(everyMs);
                    }
                }
            }, "monitor");
            t.setDaemon(true);
            t.start();
            return t;
        }

        void stop() throws InterruptedException {
            running = false;
            for (Thread t : pollers) {
                t.join();
            }
        }
    }

    /** A server under test, its log in the work directory. */
    static final class Proc {
        final String name;
        final Process process;
        final Path log;

        private Proc(String name, Process process, Path log) {
            this.name = name;
            this.process = process;
            this.log = log;
        }

        static Proc start(String name, List<String> command, Map<String, String> env, Path log, Path dir) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("SLACK_") || k.startsWith("MET_") || k.equals("DATABASE_URL") || k.equals("PORT"));
            pb.environment().putAll(env);
            return new Proc(name, pb.start(), log);
        }

        long pid() {
            return process.pid();
        }

        /** Milliseconds from the process's start to /readyz answering 200. */
        long awaitReady(int port) throws Exception {
            long start = process.info().startInstant().map(Instant::toEpochMilli).orElse(System.currentTimeMillis());
            long deadline = System.currentTimeMillis() + READY_TIMEOUT_MS;
            while (System.currentTimeMillis() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail());
                }
                try (Http http = new Http(port)) {
                    if (http.get("/readyz").status() == 200) {
                        return System.currentTimeMillis() - start;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                pause(20);
            }
            throw new IllegalStateException(name + " not ready after " + READY_TIMEOUT_MS + " ms:\n" + tail());
        }

        String tail() {
            try {
                List<String> lines = Files.readAllLines(log);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
            } catch (IOException e) {
                return "(no log)";
            }
        }

        /** A numeric field of /proc/PID/status (kB for memory). */
        long status(String field) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
                    if (line.startsWith(field + ":")) {
                        return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
                    }
                }
            } catch (IOException e) {
                // gone
            }
            return -1;
        }

        long cpuMicros() {
            return cpuMicros(pid());
        }

        /** utime + stime from /proc/PID/stat, in microseconds. */
        static long cpuMicros(long pid) {
            long[] times = times(pid);
            return times[0] + times[1];
        }

        /** stime alone: time in the kernel (system calls, switching threads) rather than in the process's own code. */
        static long systemMicros(long pid) {
            return times(pid)[1];
        }

        /** utime and stime from /proc/PID/stat, in microseconds; zeros when the process is gone. */
        private static long[] times(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // USER_HZ is 100 on Linux
                return new long[] {Long.parseLong(f[11]) * 1_000_000L / 100, Long.parseLong(f[12]) * 1_000_000L / 100};
            } catch (IOException | RuntimeException e) {
                return new long[2];
            }
        }

        /** SIGTERM, then wait for a graceful stop (Met stops its embedded PostgreSQL too). */
        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }


    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The whole machine's CPU time from /proc/stat (all cores, every process: the server, its PostgreSQL, this load
     * generator and anything else the host runs). Idle time left while a server is measured says that something other
     * than the cores paced it: a stage requests pass one at a time, such as Met's capture writer (README Performance).
     */
    record MachineCpu(long busy, long idle, long steal) {
        static MachineCpu now() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                // cpu user nice system idle iowait irq softirq steal ...
                long[] t = new long[9];
                for (int i = 1; i < Math.min(f.length, 9); i++) {
                    t[i] = Long.parseLong(f[i]);
                }
                return new MachineCpu(t[1] + t[2] + t[3] + t[6] + t[7], t[4] + t[5], t[8]);
            } catch (IOException | RuntimeException e) {
                return new MachineCpu(0, 0, 0);
            }
        }

        String since(MachineCpu before) {
            long busy = this.busy - before.busy, idle = this.idle - before.idle, steal = this.steal - before.steal;
            long all = busy + idle + steal;
            if (all <= 0) {
                return "not known (no /proc/stat)";
            }
            return String.format("cores %.0f%% busy, %.0f%% idle, %.0f%% taken by other guests (steal)",
                    100.0 * busy / all, 100.0 * idle / all, 100.0 * steal / all);
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ", 4)[0];
        } catch (IOException e) {
            return "?";
        }
    }

    /** The processor's model and clock as /proc/cpuinfo gives them, or "?" where there is none. */
    static String processor() {
        try {
            String model = "?", mhz = "";
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name") && model.equals("?")) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                } else if (line.startsWith("cpu MHz") && mhz.isEmpty()) {
                    mhz = String.format(" at %.0f MHz", Double.parseDouble(line.substring(line.indexOf(':') + 1).trim()));
                }
            }
            return model + mhz;
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    static String osName() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring(12).replace("\"", "");
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return System.getProperty("os.name");
    }
}
