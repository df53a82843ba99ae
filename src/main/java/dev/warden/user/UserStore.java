package dev.warden.user;

import dev.warden.access.SystemRole;
import dev.warden.account.Account;
import dev.warden.api.ApiException;
import dev.warden.api.Page;
import dev.warden.api.PageRequest;
import dev.warden.api.Rows;
import dev.warden.query.Sql;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for users. Every statement is keyed by account; every value is a bind parameter. */
@Singleton
public class UserStore {

    private static final String SELECT = "select u.id, u.username, u.password_hash, u.first_name, u.last_name,"
            + " u.phone_number, u.email_address, u.verified, u.is_active, u.anonymous, u.security_questions,"
            + " u.created_at, u.last_accessed, u.session_epoch,"
            + " coalesce((select json_agg(json_build_object('name', r.name, 'addedDate', ur.added_at)"
            + " order by ur.added_at, r.name) from user_roles ur join roles r"
            + " on r.account = ur.account and r.id = ur.role_id"
            + " where ur.account = u.account and ur.user_id = u.id), '[]'::json) as explicit_roles"
            + " from users u";

    private final Pool pool;

    public UserStore(Pool pool) {
        this.pool = pool;
    }

    public Pool pool() {
        return pool;
    }

    public Uni<Optional<UserRow>> byId(SqlClient client, String account, String id) {
        return client.preparedQuery(SELECT + " where u.account = $1 and u.id = $2")
                .execute(Tuple.of(account, id))
                .map(rows -> Rows.first(rows, UserStore::row));
    }

    public Uni<Optional<UserRow>> byId(String account, String id) {
        return byId(pool, account, id);
    }

    /** The user with this id in the account's current tenant (spec §13): another tenant's is not found. */
    public Uni<Optional<UserRow>> byIdInTenant(SqlClient client, Account account, String id) {
        return client.preparedQuery(SELECT + " where u.account = $1 and u.id = $2 and u.tenant = $3")
                .execute(Tuple.of(account.name(), id, account.tenant()))
                .map(rows -> Rows.first(rows, UserStore::row));
    }

    public Uni<Optional<UserRow>> byUsername(Account account, String username) {
        return pool.preparedQuery(SELECT + " where u.account = $1 and u.tenant = $2 and lower(u.username) = lower($3)")
                .execute(Tuple.of(account.name(), account.tenant(), username))
                .map(rows -> Rows.first(rows, UserStore::row));
    }

    public Uni<Boolean> usernameExists(Account account, String username) {
        return pool.preparedQuery(
                        "select 1 from users where account = $1 and tenant = $2 and lower(username) = lower($3)")
                .execute(Tuple.of(account.name(), account.tenant(), username))
                .map(rows -> rows.size() > 0);
    }

    public record NewUser(
            String id,
            String username,
            String passwordHash,
            String firstName,
            String lastName,
            String phoneNumber,
            String emailAddress,
            boolean verified,
            boolean active,
            boolean anonymous,
            List<UserRow.StoredQuestion> questions) {}

    /** Inserts the user into the account's current tenant; a username taken there is a 400. */
    public Uni<Void> insert(SqlClient client, Account account, NewUser user) {
        return client.preparedQuery("insert into users (account, id, username, password_hash, first_name, last_name,"
                        + " phone_number, email_address, verified, is_active, anonymous, security_questions, tenant)"
                        + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)")
                .execute(Tuple.from(new Object[] {
                    account.name(),
                    user.id(),
                    user.username(),
                    user.passwordHash(),
                    user.firstName(),
                    user.lastName(),
                    user.phoneNumber(),
                    user.emailAddress(),
                    user.verified(),
                    user.active(),
                    user.anonymous(),
                    questionsJson(user.questions()),
                    account.tenant()
                }))
                .onFailure(Rows::isUniqueViolation)
                .transform(e -> ApiException.badRequest("Username is already taken"))
                .replaceWithVoid();
    }

    public record Profile(
            String username,
            String firstName,
            String lastName,
            String phoneNumber,
            String emailAddress,
            boolean verified,
            boolean active) {}

    public Uni<Void> updateProfile(SqlClient client, String account, String id, Profile profile) {
        return client.preparedQuery("update users set username = $3, first_name = $4, last_name = $5,"
                        + " phone_number = $6, email_address = $7, verified = $8, is_active = $9"
                        + " where account = $1 and id = $2")
                .execute(Tuple.from(new Object[] {
                    account,
                    id,
                    profile.username(),
                    profile.firstName(),
                    profile.lastName(),
                    profile.phoneNumber(),
                    profile.emailAddress(),
                    profile.verified(),
                    profile.active()
                }))
                .onFailure(Rows::isUniqueViolation)
                .transform(e -> ApiException.badRequest("Username is already taken"))
                .replaceWithVoid();
    }

    /** A new password ends every session that was started with the old one. */
    public Uni<Void> updatePassword(SqlClient tx, String account, String id, String passwordHash) {
        return tx.preparedQuery("update users set password_hash = $3 where account = $1 and id = $2")
                .execute(Tuple.of(account, id, passwordHash))
                .flatMap(ignored -> endSessions(tx, account, id));
    }

    /**
     * Revokes the user's refresh tokens and moves its session epoch on, so access tokens issued
     * before answer 401 on their next use (the caller of {@code tx} announces the change).
     */
    public Uni<Void> endSessions(SqlClient tx, String account, String id) {
        return tx.preparedQuery("update users set session_epoch = session_epoch + 1 where account = $1 and id = $2")
                .execute(Tuple.of(account, id))
                .flatMap(ignored -> tx.preparedQuery("update refresh_tokens set revoked_at = now()"
                                + " where account = $1 and user_id = $2 and revoked_at is null")
                        .execute(Tuple.of(account, id)))
                .replaceWithVoid();
    }

    /** Serialises, per account, the transactions that can reduce its active admins (see {@link AdminGuard}). */
    public Uni<Void> lockAdmins(SqlClient tx, String account) {
        return tx.preparedQuery("select pg_advisory_xact_lock(hashtextextended($1, 0))")
                .execute(Tuple.of("warden.admins:" + account))
                .replaceWithVoid();
    }

    public Uni<Void> updateQuestions(String account, String id, List<UserRow.StoredQuestion> questions) {
        return pool.preparedQuery("update users set security_questions = $3 where account = $1 and id = $2")
                .execute(Tuple.of(account, id, questionsJson(questions)))
                .replaceWithVoid();
    }

    public Uni<Void> markVerified(String account, String id) {
        return pool.preparedQuery("update users set verified = true where account = $1 and id = $2")
                .execute(Tuple.of(account, id))
                .replaceWithVoid();
    }

    public Uni<Void> touch(String account, String id) {
        return pool.preparedQuery("update users set last_accessed = now() where account = $1 and id = $2")
                .execute(Tuple.of(account, id))
                .replaceWithVoid();
    }

    public Uni<Boolean> delete(SqlClient client, String account, String id) {
        return client.preparedQuery("delete from users where account = $1 and id = $2")
                .execute(Tuple.of(account, id))
                .map(rows -> rows.rowCount() > 0);
    }

    /**
     * The account's active admins other than {@code exceptUserId}: users of the default tenant
     * holding meshy.admin. A tenant's admins do not count; they cannot manage the account (spec §13).
     */
    public Uni<Long> otherActiveAdmins(SqlClient client, String account, String exceptUserId) {
        return client.preparedQuery("select count(*) from users u join user_roles ur"
                        + " on ur.account = u.account and ur.user_id = u.id"
                        + " join roles r on r.account = ur.account and r.id = ur.role_id"
                        + " where u.account = $1 and u.tenant = '' and u.id <> $2 and u.is_active and r.name = $3")
                .execute(Tuple.of(account, exceptUserId, SystemRole.ADMIN.roleName()))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public record Search(String name, String roleId, boolean activeOnly, UserOrder order) {}

    public Uni<Page<UserRow>> search(Account account, Search search, PageRequest page) {
        Sql where = new Sql()
                .append(" where u.account = ")
                .bind(account.name())
                .append(" and u.tenant = ")
                .bind(account.tenant());
        if (search.activeOnly()) {
            where.append(" and u.is_active");
        }
        if (search.name() != null && !search.name().isBlank()) {
            String name = where.placeholder(Rows.likeContains(search.name().trim()));
            where.append(" and (u.username ilike " + name + " or u.first_name ilike " + name + " or u.last_name ilike "
                    + name + " or u.email_address ilike " + name + ")");
        }
        if (search.roleId() != null && !search.roleId().isBlank()) {
            // Members of meshy.user / meshy.anonymous are implicit; everything else is explicit.
            where.append(" and exists (select 1 from roles r where r.account = u.account and r.id = ")
                    .bind(search.roleId())
                    .append(" and ((r.name = ")
                    .bind(SystemRole.USER.roleName())
                    .append(" and not u.anonymous) or (r.name = ")
                    .bind(SystemRole.ANONYMOUS.roleName())
                    .append(" and u.anonymous) or exists (select 1 from user_roles ur where ur.account = u.account"
                            + " and ur.user_id = u.id and ur.role_id = r.id)))");
        }
        Sql select = new Sql(new ArrayList<>(where.values()))
                .append(SELECT + where.text() + " order by " + search.order().sql() + " limit ")
                .bind(page.pageSize())
                .append(" offset ")
                .bind(page.offset());
        Uni<List<UserRow>> rows = pool.preparedQuery(select.text())
                .execute(Tuple.from(select.values()))
                .map(r -> Rows.all(r, UserStore::row));
        Uni<Long> total = pool.preparedQuery("select count(*) from users u" + where.text())
                .execute(Tuple.from(where.values()))
                .map(r -> r.iterator().next().getLong(0));
        return Uni.combine().all().unis(rows, total).with(page::page);
    }

    static JsonArray questionsJson(List<UserRow.StoredQuestion> questions) {
        JsonArray array = new JsonArray();
        for (UserRow.StoredQuestion q : questions) {
            array.add(new JsonObject().put("question", q.question()).put("answerHash", q.answerHash()));
        }
        return array;
    }

    static UserRow row(Row row) {
        boolean anonymous = row.getBoolean("anonymous");
        Instant created = Rows.instant(row, "created_at");
        List<UserRow.Membership> roles = new ArrayList<>();
        roles.add(new UserRow.Membership(SystemRole.baseRoleFor(anonymous).roleName(), created));
        Object explicit = row.getValue("explicit_roles");
        JsonArray explicitRoles = explicit instanceof JsonArray a ? a : new JsonArray(String.valueOf(explicit));
        for (Object item : explicitRoles) {
            JsonObject role = (JsonObject) item;
            roles.add(new UserRow.Membership(
                    role.getString("name"),
                    OffsetDateTime.parse(role.getString("addedDate")).toInstant()));
        }
        List<UserRow.StoredQuestion> questions = new ArrayList<>();
        JsonArray stored = row.getJsonArray("security_questions");
        if (stored != null) {
            for (Object item : stored) {
                JsonObject q = (JsonObject) item;
                questions.add(new UserRow.StoredQuestion(q.getString("question"), q.getString("answerHash")));
            }
        }
        return new UserRow(
                row.getString("id"),
                row.getString("username"),
                row.getString("password_hash"),
                row.getString("first_name"),
                row.getString("last_name"),
                row.getString("phone_number"),
                row.getString("email_address"),
                row.getBoolean("verified"),
                row.getBoolean("is_active"),
                anonymous,
                questions,
                created,
                Rows.instant(row, "last_accessed"),
                roles,
                row.getInteger("session_epoch"));
    }
}
