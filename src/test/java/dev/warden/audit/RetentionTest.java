package dev.warden.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.warden.account.Verification;
import dev.warden.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Spec §9.4: entries go away only by retention, and only those older than it. */
@QuarkusTest
class RetentionTest {

    @Inject
    AuditLog log;

    @Inject
    Pool pool;

    @Test
    void theSweepDropsOnlyEntriesOlderThanTheRetention() {
        String account = Api.freshAccount(Verification.NONE).account();
        log.append(
                        account,
                        "",
                        AuditEntry.of("role.create", AuditEntry.Party.NOBODY, AuditEntry.Party.role("r", "recent")))
                .await()
                .atMost(Duration.ofSeconds(10));
        pool.preparedQuery(
                        "insert into audit_log (account, id, at, action) values ($1, $2, now() - interval '91 days', $3)")
                .execute(Tuple.of(account, "000000000000000000000001", "role.create"))
                .await()
                .atMost(Duration.ofSeconds(10));
        log.sweep(Duration.ofDays(90)).await().atMost(Duration.ofSeconds(10));
        long left = pool.preparedQuery("select count(*) from audit_log where account = $1")
                .execute(Tuple.of(account))
                .await()
                .atMost(Duration.ofSeconds(10))
                .iterator()
                .next()
                .getLong(0);
        assertEquals(1, left);
    }
}
