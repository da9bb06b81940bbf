package met.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The packaged jar (target/met.jar) run as a real process, as operators run it: for the *IT tests after `package`. */
public final class MetJar {
    public static final Path JAR = Path.of("target/met.jar").toAbsolutePath();

    private MetJar() {
    }

    /** Starts {@code java -jar met.jar args…} with only {@code env} (and PATH, HOME); its output goes to {@code log}. */
    public static Process start(Map<String, String> env, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> !k.equals("PATH") && !k.equals("HOME")); // no DATABASE_URL from the CI's env
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Waits until the serving process answers /readyz with 200; fails at once if it exits. */
    public static void awaitReady(MetClient client, Process process) {
        TestMet.await(Duration.ofSeconds(90), () -> {
            if (!process.isAlive()) {
                throw new AssertionError("Met exited with " + process.exitValue());
            }
            try {
                return client.get("/readyz").status() == 200;
            } catch (RuntimeException notYetListening) {
                return false;
            }
        });
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
