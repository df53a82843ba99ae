package dev.warden.support;

import dev.warden.db.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** One real PostgreSQL for the whole test run, in a fresh temporary directory. */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedDatabase database;

    @Override
    public Map<String, String> start() {
        return datasourceProperties();
    }

    /** Also used by tests that start a second Warden on the same database. */
    public static synchronized Map<String, String> datasourceProperties() {
        if (database == null) {
            try {
                Path dir = Files.createTempDirectory("warden-test-pg");
                database = EmbeddedDatabase.start(dir, false);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return database.datasourceProperties();
    }

    /** The server the tests run on (started on first use). */
    public static synchronized EmbeddedDatabase database() {
        datasourceProperties();
        return database;
    }

    @Override
    public void stop() {
        // Kept for the whole JVM: Quarkus may restart between test profiles; the JVM exit ends it.
    }
}
