package met;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import met.db.Database;
import met.digest.DigestCli;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: {@code serve} (the default), {@code migrate} and {@code digest preview|send}. */
@Command(name = "met", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Met — team networking debriefs in Slack. With no command, serves (same as `serve`).",
        subcommands = {Main.Serve.class, Main.Migrate.class})
public final class Main implements Callable<Integer> {
    static final int CONFIG_ERROR = 2;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true"); // the digest's chart is drawn without a display
        System.exit(new CommandLine(new Main())
                .addSubcommand(new DigestCli(System.getenv(), Clock.systemUTC()))
                .execute(args));
    }

    @Override
    public Integer call() {
        return new Serve().call();
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = {"Serve Slack's requests on PORT (default 3000): POST /slack/events, GET /healthz, /readyz, /metrics.",
                    "Without DATABASE_URL, runs an embedded PostgreSQL whose data persists in MET_DATA_DIR (default ./data)."})
    static final class Serve implements Callable<Integer> {
        @Override
        public Integer call() {
            Config config;
            Met met;
            try {
                config = Config.fromEnv(System.getenv());
                met = Met.start(config, Clock.systemUTC());
            } catch (ConfigException e) {
                System.err.println("met: " + e.getMessage());
                return CONFIG_ERROR;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                met.close();
                stopped.countDown();
            }, "met-shutdown"));
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = "Apply the database migrations, then exit. Needs only DATABASE_URL (or MET_DATA_DIR).")
    static final class Migrate implements Callable<Integer> {
        @Override
        public Integer call() {
            try (Database ignored = Database.open(Config.Database.fromEnv(System.getenv()),
                    new io.micrometer.core.instrument.simple.SimpleMeterRegistry())) {
                System.out.println("migrations applied");
                return 0;
            } catch (ConfigException e) {
                System.err.println("met: " + e.getMessage());
                return CONFIG_ERROR;
            }
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"met " + (version == null ? "development build" : version)};
        }
    }
}
