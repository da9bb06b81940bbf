package met;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every setting Met reads, built once from the environment at start-up. This is the only place that reads
 * environment variables; a bad value stops start-up with a {@link ConfigException} naming the variable.
 */
public record Config(Slack slack, Database database, int port, Duration dispatchInterval, Duration purgeAfter, Set<String> admins) {

    public static final String DEFAULT_SLACK_API_URL = "https://slack.com/api/";
    private static final Pattern SLACK_USER_ID = Pattern.compile("[UW][A-Z0-9]+");

    /** @param admins Slack user ids who may export and erase besides the workspace's admins and owners (MET_ADMINS) */
    public Config {
        admins = Set.copyOf(admins);
    }

    /**
     * The bot scopes Met asks for when a workspace installs it (the manifest declares the same; ManifestTest holds them
     * together). channels:read and groups:read let `/met subscribe` check that Met can post in a channel; the three
     * history scopes let Met look for a digest or reminder whose post's answer was lost before posting it again.
     */
    public static final String BOT_SCOPES = "commands,chat:write,chat:write.public,users:read,im:write,files:write,"
            + "channels:read,groups:read,channels:history,groups:history,im:history";

    /**
     * How Met talks to Slack: one workspace with a bot token, or many through OAuth; either over HTTP, or, with an
     * app token, over Socket Mode (one workspace).
     */
    public record Slack(String signingSecret, Optional<String> botToken, Optional<OAuth> oauth, Optional<String> appToken, String apiUrl) {
        public boolean isOAuth() {
            return oauth.isPresent();
        }

        @Override
        public String toString() { // records print every field; secrets must never reach a log line
            return "Slack[mode=" + (isOAuth() ? "oauth" : "single workspace") + (appToken.isPresent() ? ", socket mode" : "")
                    + ", apiUrl=" + apiUrl + "]";
        }
    }

    /** OAuth v2 for many workspaces; installation tokens are encrypted at rest with {@code encryptionKey}. */
    public record OAuth(String clientId, String clientSecret, String encryptionKey) {
        @Override
        public String toString() {
            return "OAuth[clientId=" + clientId + "]";
        }
    }

    /** The same settings on another database (the tests give each class its own). */
    public Config withDatabase(Database other) {
        return new Config(slack, other, port, dispatchInterval, purgeAfter, admins);
    }

    /**
     * Where the data lives: an external server when {@code jdbcUrl} is present, otherwise an embedded PostgreSQL
     * whose files persist in {@code dataDir}.
     *
     * @param requestConnections the size of the pool for Slack's requests (MET_DB_CONNECTIONS); empty for Met's default
     */
    public record Database(Optional<String> jdbcUrl, Optional<String> user, Optional<String> password, Path dataDir,
                           OptionalInt requestConnections) {
        /** Most connections Slack's requests may use at once; more only take turns on the cores Met shares with PostgreSQL. */
        public static final int MAX_REQUEST_CONNECTIONS = 64;

        public Database(Optional<String> jdbcUrl, Optional<String> user, Optional<String> password, Path dataDir) {
            this(jdbcUrl, user, password, dataDir, OptionalInt.empty());
        }

        public static Database fromEnv(Map<String, String> env) {
            Path dataDir = Path.of(value(env, "MET_DATA_DIR").orElse("./data")).toAbsolutePath().normalize();
            OptionalInt connections = requestConnections(env);
            Optional<String> url = value(env, "DATABASE_URL");
            Database database = url.isEmpty() ? new Database(Optional.empty(), Optional.empty(), Optional.empty(), dataDir)
                    : parseUrl(url.get(), dataDir);
            return new Database(database.jdbcUrl, database.user, database.password, dataDir, connections);
        }

        private static OptionalInt requestConnections(Map<String, String> env) {
            Optional<String> raw = value(env, "MET_DB_CONNECTIONS");
            if (raw.isEmpty()) {
                return OptionalInt.empty();
            }
            return OptionalInt.of(wholeNumber(raw.get(), 1, MAX_REQUEST_CONNECTIONS).orElseThrow(() -> new ConfigException("MET_DB_CONNECTIONS",
                    "must be a whole number from 1 to " + MAX_REQUEST_CONNECTIONS + " (connections for Slack's requests; unset: cores + 1, at least 3)")));
        }

        public boolean embedded() {
            return jdbcUrl.isEmpty();
        }

        @Override
        public String toString() {
            return "Database[" + (embedded() ? "embedded in " + dataDir : jdbcUrl.get().replaceAll("password=[^&]*", "password=***")) + "]";
        }

        private static Database parseUrl(String url, Path dataDir) {
            if (url.startsWith("jdbc:postgresql://")) {
                return new Database(Optional.of(url), Optional.empty(), Optional.empty(), dataDir);
            }
            if (!url.startsWith("postgres://") && !url.startsWith("postgresql://")) {
                throw new ConfigException("DATABASE_URL", "expected jdbc:postgresql://host:port/db or postgres://user:pass@host:port/db");
            }
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new ConfigException("DATABASE_URL", "not a valid URL (expected postgres://user:pass@host:port/db)");
            }
            if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
                throw new ConfigException("DATABASE_URL", "needs a host and a database name (postgres://user:pass@host:port/db)");
            }
            String jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                    + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            Optional<String> user = Optional.empty();
            Optional<String> password = Optional.empty();
            if (uri.getRawUserInfo() != null) {
                String[] parts = uri.getRawUserInfo().split(":", 2);
                user = Optional.of(decode(parts[0]));
                if (parts.length == 2) {
                    password = Optional.of(decode(parts[1]));
                }
            }
            return new Database(Optional.of(jdbc), user, password, dataDir);
        }

        private static String decode(String s) {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        }
    }

    public static Config fromEnv(Map<String, String> env) {
        String signingSecret = value(env, "SLACK_SIGNING_SECRET")
                .orElseThrow(() -> new ConfigException("SLACK_SIGNING_SECRET", "is required (Slack app > Basic Information > Signing Secret)"));
        Optional<OAuth> oauth = oauth(env);
        Optional<String> botToken = value(env, "SLACK_BOT_TOKEN");
        if (oauth.isEmpty() && botToken.isEmpty()) {
            throw new ConfigException("SLACK_BOT_TOKEN", "is required: the bot token (xoxb-…) from Slack app > OAuth & Permissions "
                    + "(or set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and MET_ENCRYPTION_KEY for many workspaces)");
        }
        if (botToken.isPresent() && !botToken.get().startsWith("xoxb-")) {
            throw new ConfigException("SLACK_BOT_TOKEN", "must be a bot token starting with xoxb-");
        }
        if (oauth.isPresent() && botToken.isPresent()) {
            throw new ConfigException("SLACK_BOT_TOKEN", "set either SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID with SLACK_CLIENT_SECRET (OAuth), not both");
        }
        Optional<String> appToken = value(env, "SLACK_APP_TOKEN");
        if (appToken.isPresent() && !appToken.get().startsWith("xapp-")) {
            throw new ConfigException("SLACK_APP_TOKEN", "must be an app-level token starting with xapp- (Basic Information > App-Level Tokens, scope connections:write)");
        }
        if (appToken.isPresent() && oauth.isPresent()) {
            throw new ConfigException("SLACK_APP_TOKEN", "Socket Mode serves one workspace: use it with SLACK_BOT_TOKEN, not with OAuth");
        }
        return new Config(
                new Slack(signingSecret, botToken, oauth, appToken, apiUrl(env)),
                Database.fromEnv(env),
                port(env),
                duration(env, "MET_DISPATCH_INTERVAL", "PT1M", "PT1M or PT30S"),
                duration(env, "MET_PURGE_AFTER", "P30D", "P30D or P7D"),
                admins(env));
    }

    private static Optional<OAuth> oauth(Map<String, String> env) {
        Optional<String> clientId = value(env, "SLACK_CLIENT_ID");
        Optional<String> clientSecret = value(env, "SLACK_CLIENT_SECRET");
        if (clientId.isEmpty() && clientSecret.isEmpty()) {
            return Optional.empty();
        }
        if (clientId.isEmpty()) {
            throw new ConfigException("SLACK_CLIENT_ID", "is required with SLACK_CLIENT_SECRET (Basic Information > App Credentials)");
        }
        if (clientSecret.isEmpty()) {
            throw new ConfigException("SLACK_CLIENT_SECRET", "is required with SLACK_CLIENT_ID (Basic Information > App Credentials)");
        }
        String key = value(env, "MET_ENCRYPTION_KEY").orElseThrow(() -> new ConfigException("MET_ENCRYPTION_KEY",
                "is required with SLACK_CLIENT_ID: tokens are encrypted at rest (generate one with: openssl rand -base64 32)"));
        met.install.TokenCipher.fromSetting(key); // validates now, so a bad key stops start-up with its own message
        return Optional.of(new OAuth(clientId.get(), clientSecret.get(), key));
    }

    private static String apiUrl(Map<String, String> env) {
        String url = value(env, "SLACK_API_URL").orElse(DEFAULT_SLACK_API_URL);
        try {
            URI uri = new URI(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new URISyntaxException(url, "not http(s)");
            }
        } catch (URISyntaxException e) {
            throw new ConfigException("SLACK_API_URL", "expected an http(s) URL such as " + DEFAULT_SLACK_API_URL);
        }
        return url.endsWith("/") ? url : url + "/";
    }

    private static int port(Map<String, String> env) {
        String raw = value(env, "PORT").orElse("3000");
        return wholeNumber(raw, 0, 65535).orElseThrow(() ->
                new ConfigException("PORT", "expected a port number between 0 and 65535, got \"" + raw + "\""));
    }

    /** {@code raw} as a whole number from {@code min} to {@code max}; empty when it is not one. */
    private static OptionalInt wholeNumber(String raw, int min, int max) {
        try {
            int n = Integer.parseInt(raw);
            return n >= min && n <= max ? OptionalInt.of(n) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private static Duration duration(Map<String, String> env, String name, String fallback, String examples) {
        String raw = value(env, name).orElse(fallback);
        try {
            Duration d = Duration.parse(raw);
            if (d.isNegative() || d.isZero()) {
                throw new DateTimeParseException("not positive", raw, 0);
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new ConfigException(name, "expected a positive ISO-8601 duration such as " + examples + ", got \"" + raw + "\"");
        }
    }

    private static Set<String> admins(Map<String, String> env) {
        Set<String> admins = new LinkedHashSet<>();
        for (String id : value(env, "MET_ADMINS").orElse("").split(",")) {
            String trimmed = id.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!SLACK_USER_ID.matcher(trimmed).matches()) {
                throw new ConfigException("MET_ADMINS", "expected comma-separated Slack user ids such as U012AB3CD,U045EF6GH, got \""
                        + trimmed + "\"");
            }
            admins.add(trimmed);
        }
        return admins;
    }

    /** Blank counts as absent: compose files and .env templates often set variables to "". */
    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(s -> !s.isEmpty());
    }
}
