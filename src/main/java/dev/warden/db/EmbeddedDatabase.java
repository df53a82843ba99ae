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

    /**
     * PostgreSQL's default (128 MB) is sized for a shared machine. A scan of a table larger than a
     * quarter of it goes through a small ring of buffers and reads every page from the operating
     * system again: a $group projection over 100,000 documents (230 MB) paid that on every read.
     * Shared memory is only used as pages are touched.
     */
    public static final String SHARED_BUFFERS = "1GB";

    /**
     * Memory per sort or hash before spilling to disk (default 4 MB). With the default, PostgreSQL
     * groups a projection's 100,000 documents by sorting them on disk instead of hashing 50 keys.
     */
    static final String WORK_MEM = "32MB";

    /**
     * zonky's embedded server is built for throwaway test databases: it starts PostgreSQL with
     * {@code -F} (fsync off) and {@code synchronous_commit=off}, so a crash or power loss could lose
     * acknowledged writes or corrupt the data directory. Warden keeps real data in it, so both go back
     * to PostgreSQL's defaults ({@code -c} options come after {@code -F} and win).
     */
    static final Map<String, String> DURABILITY = Map.of("fsync", "on", "synchronous_commit", "on");

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts a server whose files live in {@code dataDir} (created when missing, kept after). */
    public static EmbeddedDatabase start(Path dataDir, boolean keepData) {
        return start(dataDir, keepData, SHARED_BUFFERS);
    }

    public static EmbeddedDatabase start(Path dataDir, boolean keepData, String sharedBuffers) {
        try {
            Files.createDirectories(dataDir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(!keepData)
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("shared_buffers", sharedBuffers)
                    .setServerConfig("work_mem", WORK_MEM);
            DURABILITY.forEach(builder::setServerConfig);
            return new EmbeddedDatabase(builder.start());
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
