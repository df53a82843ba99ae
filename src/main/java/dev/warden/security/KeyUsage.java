package dev.warden.security;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * An API key's {@code lastUsedAt} (spec §10.1) without a write per request: uses are noted in
 * memory and written every few seconds, one statement per account.
 */
@Singleton
public class KeyUsage {

    static final long FLUSH_MILLIS = 5_000;
    private static final Logger LOG = Logger.getLogger(KeyUsage.class);

    private final Pool pool;
    private final Vertx vertx;
    private final Map<String, Set<String>> used = new ConcurrentHashMap<>();

    public KeyUsage(Pool pool, Vertx vertx) {
        this.pool = pool;
        this.vertx = vertx;
    }

    /** Notes one use: a map update, cheap enough for every request. */
    public void used(String account, String keyId) {
        used.computeIfAbsent(account, a -> ConcurrentHashMap.newKeySet()).add(keyId);
    }

    void start(@Observes StartupEvent event) {
        vertx.setPeriodic(FLUSH_MILLIS, id -> flush().subscribe()
                .with(ok -> {}, failure -> LOG.warnf("could not record API key use: %s", failure.toString())));
    }

    void stop(@Observes ShutdownEvent event) {
        flush().await().indefinitely();
    }

    public Uni<Void> flush() {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String account : used.keySet()) {
            Set<String> keys = used.remove(account);
            if (keys == null || keys.isEmpty()) continue;
            List<String> ids = new ArrayList<>(keys);
            chain = chain.flatMap(ignored -> pool.preparedQuery(
                            "update api_keys set last_used_at = now() where account = $1 and id = any($2)")
                    .execute(Tuple.of(account, ids.toArray(String[]::new)))
                    .replaceWithVoid());
        }
        return chain;
    }
}
