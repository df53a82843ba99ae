package dev.warden.account;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Accounts by name, cached: they are read on every request and change only at bootstrap. */
@Singleton
public class AccountDirectory {

    private final Pool pool;
    private final ConcurrentHashMap<String, Account> known = new ConcurrentHashMap<>();

    public AccountDirectory(Pool pool) {
        this.pool = pool;
    }

    public Uni<Optional<Account>> find(String name) {
        Account cached = known.get(name);
        if (cached != null) {
            return Uni.createFrom().item(Optional.of(cached));
        }
        return pool.preparedQuery(
                        "select name, anonymous_signup, public_signup, verification, cors_origins from accounts where name = $1")
                .execute(Tuple.of(name))
                .map(rows -> first(rows).map(AccountDirectory::account))
                .invoke(found -> found.ifPresent(account -> known.put(account.name(), account)));
    }

    /** Whether {@code publicKey} is a client of {@code account}. */
    public Uni<Boolean> isClient(String account, String publicKey) {
        return pool.preparedQuery("select 1 from clients where account = $1 and public_key = $2")
                .execute(Tuple.of(account, publicKey))
                .map(rows -> rows.size() > 0);
    }

    public void forget(String name) {
        known.remove(name);
    }

    private static Optional<Row> first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
    }

    private static Account account(Row row) {
        return new Account(
                row.getString("name"),
                row.getBoolean("anonymous_signup"),
                row.getBoolean("public_signup"),
                Verification.parse(row.getString("verification")),
                java.util.List.of(row.getArrayOfStrings("cors_origins")),
                Account.DEFAULT_TENANT);
    }
}
