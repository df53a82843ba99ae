package dev.warden.db;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Starts the embedded PostgreSQL unless {@code WARDEN_DB_URL} names a server, points the
 * datasources at it, then runs Quarkus. This runs before Quarkus reads its configuration, so it
 * reads the environment (or the same names as system properties) itself.
 */
@QuarkusMain
public class WardenMain {

    /**
     * Set once the embedded server runs; a system property survives dev-mode class reloading. Kept
     * outside the {@code warden.} prefix, whose config mapping rejects unknown keys.
     */
    private static final String STARTED = "wardenmain.embedded-started";

    public static void main(String... args) {
        if (Commands.isCommand(args)) {
            System.exit(new Commands(WardenMain::settingOrNull, System.out).run(args));
        }
        if (!Boolean.getBoolean("quarkus.appcds.generate")) {
            try {
                configureDatabase();
            } catch (IllegalStateException | IllegalArgumentException | java.io.UncheckedIOException e) {
                // A mistake an operator can fix (a second Warden on one data directory, a bad
                // WARDEN_DB_URL): one line that says what, not a stack trace.
                System.err.println("Warden: " + e.getMessage());
                System.exit(1);
            }
        }
        // Quarkus calls its exit handler once the application has stopped (also on SIGTERM): from
        // then on nothing holds a connection, and the embedded server may stop.
        java.util.function.BiConsumer<Integer, Throwable> exit =
                io.quarkus.runtime.ApplicationLifecycleManager.getDefaultExitCodeHandler();
        io.quarkus.runtime.ApplicationLifecycleManager.setDefaultExitCodeHandler((code, cause) -> {
            QUARKUS_STOPPED.countDown();
            exit.accept(code, cause);
        });
        Quarkus.run(args);
        // The embedded server is not stopped here: dev-mode reload calls main() again and reuses
        // it; the shutdown hook stops it when the JVM exits, once Quarkus has closed its connections.
        QUARKUS_STOPPED.countDown();
    }

    /** Counted down when Quarkus has stopped: the embedded server outlives every connection to it. */
    private static final java.util.concurrent.CountDownLatch QUARKUS_STOPPED =
            new java.util.concurrent.CountDownLatch(1);

    private static void stopAfterQuarkus(EmbeddedDatabase embedded) {
        try {
            QUARKUS_STOPPED.await(15, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        embedded.stop();
    }

    private static synchronized void configureDatabase() {
        String url = setting("WARDEN_DB_URL", null);
        Map<String, String> props;
        if (url != null && !url.isBlank()) {
            props = DatabaseUrls.fromUrl(url, setting("WARDEN_DB_USERNAME", null), setting("WARDEN_DB_PASSWORD", null));
        } else if (System.getProperty(STARTED) != null) {
            return; // dev-mode reload: the server and its settings from the first start are still in place
        } else {
            Path root = Path.of(setting("WARDEN_DATA_DIR", "data")).toAbsolutePath();
            closeToOthers(root);
            Path dataDir = root.resolve("postgres");
            // Logging is not set up yet; keep zonky's start-up chatter out of the console.
            java.util.logging.Logger.getLogger("io.zonky").setLevel(java.util.logging.Level.WARNING);
            EmbeddedDatabase embedded = EmbeddedDatabase.start(
                    dataDir, true, setting("WARDEN_DB_SHARED_BUFFERS", EmbeddedDatabase.SHARED_BUFFERS), 0, false);
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(() -> stopAfterQuarkus(embedded), "embedded-postgres-stop"));
            System.out.println("Warden: embedded PostgreSQL on port " + embedded.port() + ", data in " + dataDir);
            if (autogroupOn(AUTOGROUP)) {
                System.out.println("Warden: the kernel's scheduler autogroup is on, so PostgreSQL (started in a"
                        + " session of its own) and Warden get the CPU as two groups; under full CPU load its"
                        + " queries waited up to seconds. README, \"CPU scheduling\", says how to turn it off.");
            }
            props = embedded.datasourceProperties();
            System.setProperty(STARTED, "true");
        }
        props.forEach(System::setProperty);
    }

    static final Path AUTOGROUP = Path.of("/proc/sys/kernel/sched_autogroup_enabled");

    /** Whether Linux schedules each session as one group (no such file elsewhere: no). */
    static boolean autogroupOn(Path setting) {
        try {
            return Files.readString(setting).trim().equals("1");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The data directory holds the database and its password: nobody else may enter it (0700). */
    private static void closeToOthers(Path root) {
        try {
            Files.createDirectories(root);
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the data directory " + root, e);
        }
    }

    private static String settingOrNull(String envName) {
        return setting(envName, null);
    }

    private static String setting(String envName, String fallback) {
        String fromProperty = System.getProperty(envName);
        if (fromProperty != null) return fromProperty;
        String fromEnv = System.getenv(envName);
        return fromEnv != null ? fromEnv : fallback;
    }
}
