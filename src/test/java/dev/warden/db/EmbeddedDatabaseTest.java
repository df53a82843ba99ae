package dev.warden.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.support.EmbeddedPostgresResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The embedded server the tests run on is started exactly as Warden starts its own. */
@QuarkusTest
class EmbeddedDatabaseTest {

    @Inject
    Pool pool;

    /** An acknowledged write survives a crash: the settings PostgreSQL ships with, not zonky's. */
    @ParameterizedTest
    @CsvSource({"fsync, on", "synchronous_commit, on", "full_page_writes, on"})
    void keepsPostgresDurabilityDefaults(String setting, String expected) {
        assertEquals(expected, show(setting));
    }

    @Test
    void sizesMemoryForProjections() {
        assertEquals(EmbeddedDatabase.WORK_MEM, show("work_mem"));
    }

    /** Spec §8: nobody on this machine connects without the secret; the secret and the files are private. */
    @Test
    void acceptsOnlyThePassword() throws Exception {
        EmbeddedDatabase database = EmbeddedPostgresResource.database();
        assertThrows(SQLException.class, () -> connect(database.port(), null));
        assertThrows(SQLException.class, () -> connect(database.port(), "postgres"));
        String secret = database.datasourceProperties().get("quarkus.datasource.password");
        try (Connection ok = connect(database.port(), secret)) {
            assertTrue(ok.isValid(5));
        }
        Path dir = database.dataDirectory();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(dir.resolve(EmbeddedDatabase.SECRET_FILE))));
        assertEquals(secret, Files.readString(dir.resolve(EmbeddedDatabase.SECRET_FILE)));
        String hba = Files.readString(dir.resolve("pg_hba.conf"));
        assertTrue(!hba.contains("trust"), hba);
    }

    private static Connection connect(int port, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        if (password != null) properties.setProperty("password", password);
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", properties);
    }

    private String show(String setting) {
        // current_setting takes the name as a value: nothing from the test becomes SQL text.
        return pool.preparedQuery("select current_setting($1)")
                .execute(Tuple.of(setting))
                .await()
                .atMost(Duration.ofSeconds(10))
                .iterator()
                .next()
                .getString(0);
    }
}
