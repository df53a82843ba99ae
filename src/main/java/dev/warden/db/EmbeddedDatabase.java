package dev.warden.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The PostgreSQL server Warden starts for itself when no database is configured. Its files stay
 * under the data directory, so the data survive restarts.
 */
public final class EmbeddedDatabase {

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts a server whose files live in {@code dataDir} (created when missing, kept after). */
    public static EmbeddedDatabase start(Path dataDir, boolean keepData) {
        try {
            Files.createDirectories(dataDir);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(!keepData)
                    .setServerConfig("max_connections", "200")
                    .start();
            return new EmbeddedDatabase(postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dataDir, e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** The Quarkus datasource settings that point at this server. */
    public Map<String, String> datasourceProperties() {
        return DatabaseUrls.datasourceProperties("localhost", port(), "postgres", "postgres", "postgres");
    }

    public void stop() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
