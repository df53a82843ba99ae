package dev.warden.db;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts the embedded PostgreSQL unless {@code WARDEN_DB_URL} names a server, points the
 * datasources at it, then runs Quarkus. This runs before Quarkus reads its configuration, so it
 * reads the environment (or the same names as system properties) itself.
 */
@QuarkusMain
public class WardenMain {

    private static EmbeddedDatabase embedded;

    public static void main(String... args) {
        if (!Boolean.getBoolean("quarkus.appcds.generate")) {
            configureDatabase();
        }
        Quarkus.run(args);
        // The embedded server is not stopped here: dev-mode reload calls main() again and reuses
        // it; the shutdown hook stops it when the JVM exits.
    }

    private static synchronized void configureDatabase() {
        String url = setting("WARDEN_DB_URL", null);
        Map<String, String> props;
        if (url != null && !url.isBlank()) {
            props = DatabaseUrls.fromUrl(url, setting("WARDEN_DB_USERNAME", null), setting("WARDEN_DB_PASSWORD", null));
        } else {
            if (embedded == null) {
                System.setProperty("org.slf4j.simpleLogger.log.io.zonky", "warn");
                Path dataDir = Path.of(setting("WARDEN_DATA_DIR", "data"))
                        .toAbsolutePath()
                        .resolve("postgres");
                embedded = EmbeddedDatabase.start(dataDir, true);
                Runtime.getRuntime().addShutdownHook(new Thread(embedded::stop, "embedded-postgres-stop"));
                System.out.println("Warden: embedded PostgreSQL on port " + embedded.port() + ", data in " + dataDir);
            }
            props = embedded.datasourceProperties();
        }
        props.forEach(System::setProperty);
    }

    private static String setting(String envName, String fallback) {
        String fromProperty = System.getProperty(envName);
        if (fromProperty != null) return fromProperty;
        String fromEnv = System.getenv(envName);
        return fromEnv != null ? fromEnv : fallback;
    }
}
