package dev.warden.auth;

import dev.warden.account.WardenConfig;
import dev.warden.api.Ids;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Opaque refresh tokens, stored only as SHA-256 hashes. Each use spends the token and issues the
 * next one in the same family; presenting a spent token again revokes the whole family.
 */
@Singleton
public class RefreshTokens {

    private final Pool pool;
    private final WardenConfig config;

    public RefreshTokens(Pool pool, WardenConfig config) {
        this.pool = pool;
        this.config = config;
    }

    public record Stored(String account, String userId, String family, String scope, State state) {}

    public enum State {
        USABLE,
        SPENT,
        REVOKED,
        EXPIRED
    }

    /** Starts a new family for a fresh login. */
    public Uni<String> issue(String account, String userId, String scope) {
        return insert(pool, account, userId, Ids.next(), scope);
    }

    /**
     * Spends {@code token} and returns its successor, all in one transaction; a token that was
     * already spent revokes its family. An empty successor means the token was not usable; the
     * transaction still commits, so a detected reuse stays revoked although the grant fails.
     */
    public Uni<Rotation> rotate(String account, String token) {
        return pool.withTransaction(tx -> tx.preparedQuery("select account, user_id, family, scope, expires_at,"
                        + " spent_at, revoked_at from refresh_tokens where token_hash = $1 for update")
                .execute(Tuple.of(hash(token)))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(new Rotation(Optional.empty(), Optional.empty()));
                    }
                    Stored stored = stored(rows.iterator().next());
                    if (!stored.account().equals(account)) {
                        return Uni.createFrom().item(new Rotation(Optional.empty(), Optional.empty()));
                    }
                    if (stored.state() == State.SPENT) {
                        return revokeFamily(tx, stored.family())
                                .replaceWith(new Rotation(Optional.of(stored), Optional.empty()));
                    }
                    if (stored.state() != State.USABLE) {
                        return Uni.createFrom().item(new Rotation(Optional.of(stored), Optional.empty()));
                    }
                    return tx.preparedQuery("update refresh_tokens set spent_at = now() where token_hash = $1")
                            .execute(Tuple.of(hash(token)))
                            .flatMap(ignored -> insert(tx, account, stored.userId(), stored.family(), stored.scope()))
                            .map(next -> new Rotation(Optional.of(stored), Optional.of(next)));
                }));
    }

    public record Rotation(Optional<Stored> presented, Optional<String> successor) {}

    /** Revokes the family of {@code token}; unknown tokens are ignored (RFC 7009). */
    public Uni<Void> revoke(String account, String token) {
        return pool.withTransaction(tx -> tx.preparedQuery(
                                "select family from refresh_tokens where token_hash = $1 and account = $2")
                        .execute(Tuple.of(hash(token), account))
                        .flatMap(rows -> rows.size() == 0
                                ? Uni.createFrom().voidItem()
                                : revokeFamily(tx, rows.iterator().next().getString("family"))))
                .replaceWithVoid();
    }

    private Uni<Void> revokeFamily(SqlClient tx, String family) {
        return tx.preparedQuery("update refresh_tokens set revoked_at = now() where family = $1 and revoked_at is null")
                .execute(Tuple.of(family))
                .replaceWithVoid();
    }

    private Uni<String> insert(SqlClient client, String account, String userId, String family, String scope) {
        String token = Ids.secret(32);
        OffsetDateTime expires = OffsetDateTime.now(ZoneOffset.UTC).plus(config.refreshTokenLifetime());
        return client.preparedQuery("insert into refresh_tokens (token_hash, account, user_id, family, scope,"
                        + " expires_at) values ($1, $2, $3, $4, $5, $6)")
                .execute(Tuple.from(new Object[] {hash(token), account, userId, family, scope, expires}))
                .replaceWith(token);
    }

    private static Stored stored(Row row) {
        State state;
        if (row.getOffsetDateTime("revoked_at") != null) {
            state = State.REVOKED;
        } else if (row.getOffsetDateTime("spent_at") != null) {
            state = State.SPENT;
        } else if (row.getOffsetDateTime("expires_at").isBefore(OffsetDateTime.now())) {
            state = State.EXPIRED;
        } else {
            state = State.USABLE;
        }
        return new Stored(
                row.getString("account"),
                row.getString("user_id"),
                row.getString("family"),
                row.getString("scope"),
                state);
    }

    static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
