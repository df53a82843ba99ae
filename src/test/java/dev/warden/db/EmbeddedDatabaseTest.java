package dev.warden.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
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
