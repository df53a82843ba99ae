package dev.warden.apikey;

import dev.warden.access.Permission;
import dev.warden.access.PermissionClaim;
import dev.warden.api.Page;
import dev.warden.api.PageRequest;
import dev.warden.api.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** API keys in the database: never the key itself, only its hash (spec §10.1). */
@Singleton
public class ApiKeyStore {

    private static final String SELECT =
            "select id, name, description, prefix, permissions, created_at, expires_at, last_used_at from api_keys";

    private final Pool pool;

    public ApiKeyStore(Pool pool) {
        this.pool = pool;
    }

    /** A key as stored, without its secret. */
    public record KeyRow(
            String id,
            String name,
            String description,
            String prefix,
            List<Permission> permissions,
            Instant createdAt,
            Optional<Instant> expiresAt,
            Optional<Instant> lastUsedAt) {}

    /** What a key is given: its name, description, permissions and expiry. */
    public record KeyDraft(
            String name, String description, List<Permission> permissions, Optional<Instant> expiresAt) {}

    public Uni<Void> insert(SqlClient tx, String account, String id, KeyDraft draft, String prefix, byte[] hash) {
        return tx.preparedQuery("insert into api_keys (account, id, name, description, prefix, key_hash, permissions,"
                        + " expires_at) values ($1, $2, $3, $4, $5, $6, $7, $8)")
                .execute(Tuple.from(new Object[] {
                    account,
                    id,
                    draft.name(),
                    draft.description(),
                    prefix,
                    io.vertx.core.buffer.Buffer.buffer(hash),
                    claims(draft.permissions()),
                    draft.expiresAt().map(at -> at.atOffset(ZoneOffset.UTC)).orElse(null)
                }))
                .replaceWithVoid();
    }

    public Uni<Boolean> update(SqlClient tx, String account, String id, KeyDraft draft) {
        return tx.preparedQuery("update api_keys set name = $3, description = $4, permissions = $5, expires_at = $6"
                        + " where account = $1 and id = $2")
                .execute(Tuple.from(new Object[] {
                    account,
                    id,
                    draft.name(),
                    draft.description(),
                    claims(draft.permissions()),
                    draft.expiresAt().map(at -> at.atOffset(ZoneOffset.UTC)).orElse(null)
                }))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Optional<KeyRow>> delete(SqlClient tx, String account, String id) {
        return tx.preparedQuery("delete from api_keys where account = $1 and id = $2 returning id, name, description,"
                        + " prefix, permissions, created_at, expires_at, last_used_at")
                .execute(Tuple.of(account, id))
                .map(rows -> Rows.first(rows, ApiKeyStore::row));
    }

    public Uni<Optional<KeyRow>> byId(String account, String id) {
        return pool.preparedQuery(SELECT + " where account = $1 and id = $2")
                .execute(Tuple.of(account, id))
                .map(rows -> Rows.first(rows, ApiKeyStore::row));
    }

    public Uni<Page<KeyRow>> search(String account, PageRequest page) {
        Uni<List<KeyRow>> rows = pool.preparedQuery(SELECT + " where account = $1 order by id limit $2 offset $3")
                .execute(Tuple.of(account, page.pageSize(), page.offset()))
                .map(found -> Rows.all(found, ApiKeyStore::row));
        Uni<Long> total = pool.preparedQuery("select count(*) from api_keys where account = $1")
                .execute(Tuple.of(account))
                .map(found -> found.iterator().next().getLong(0));
        return Uni.combine().all().unis(rows, total).with(page::page);
    }

    private static String[] claims(List<Permission> permissions) {
        return permissions.stream().map(PermissionClaim::format).toArray(String[]::new);
    }

    private static KeyRow row(Row row) {
        List<Permission> permissions = new ArrayList<>();
        for (String claim : row.getArrayOfStrings("permissions")) {
            PermissionClaim.parse(claim).ifPresent(permissions::add);
        }
        return new KeyRow(
                row.getString("id"),
                row.getString("name"),
                row.getString("description"),
                row.getString("prefix"),
                permissions,
                Rows.instant(row, "created_at"),
                Optional.ofNullable(row.getOffsetDateTime("expires_at")).map(OffsetDateTime::toInstant),
                Optional.ofNullable(row.getOffsetDateTime("last_used_at")).map(OffsetDateTime::toInstant));
    }
}
