package dev.warden.db;

import static dev.warden.support.Api.as;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.warden.account.Verification;
import dev.warden.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * {@code ./warden client-key | reset-admin-password | backup | restore | migrate}, run against the
 * test's real database, their effects read back over HTTP and SQL.
 */
@QuarkusTest
class CommandsTest {

    private final String jdbcUrl = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
    private final String user = ConfigProvider.getConfig().getValue("quarkus.datasource.username", String.class);
    private final String password = ConfigProvider.getConfig().getValue("quarkus.datasource.password", String.class);

    /** Runs a command as ./warden would, with these settings; answers what it printed. */
    private String run(int expectedStatus, Map<String, String> settings, String... args) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Map<String, String> all = new HashMap<>(Map.of(
                "WARDEN_DB_URL",
                jdbcUrl.substring("jdbc:".length()),
                "WARDEN_DB_USERNAME",
                user,
                "WARDEN_DB_PASSWORD",
                password,
                "WARDEN_BCRYPT_COST",
                "4"));
        all.putAll(settings);
        int status = new Commands(all::get, new PrintStream(printed, true, StandardCharsets.UTF_8)).run(args);
        String output = printed.toString(StandardCharsets.UTF_8);
        assertEquals(expectedStatus, status, output);
        return output;
    }

    @Test
    void clientKeyShowsEveryAccountsClient() {
        Api api = Api.freshAccount(Verification.NONE);
        assertThat(
                run(0, Map.of(), "client-key"),
                containsString("account '" + api.account() + "' has client public key (client_id): " + api.clientId()));
    }

    @Test
    void resetAdminPasswordPrintsANewOneOnceAndEndsTheOldSessions() {
        Api api = Api.freshAccount(Verification.NONE);
        String oldToken = api.admin();
        for (int i = 0; i < 5; i++) api.login(Api.ADMIN, "wrong-" + i);
        api.login(Api.ADMIN, Api.ADMIN_PASSWORD).then().statusCode(429); // locked out: why one resets

        String printed = run(0, Map.of("WARDEN_ACCOUNT", api.account()), "reset-admin-password");
        Matcher shown =
                Pattern.compile("has the new password (\\S+) \\(shown once\\)").matcher(printed);
        assertThat(printed, shown.find(), equalTo(true));

        api.login(Api.ADMIN, shown.group(1)).then().statusCode(200);
        api.login(Api.ADMIN, Api.ADMIN_PASSWORD).then().statusCode(400);
        as(oldToken).get(api.at("/users/me")).then().statusCode(401);
        as(api.loginToken(Api.ADMIN, shown.group(1)))
                .queryParam("action", "user.password.reset")
                .get(api.at("/audit"))
                .then()
                .statusCode(200)
                .body("results[0].principal.type", equalTo("operator"));
    }

    @Test
    void resetForAnUnknownUserFailsAndChangesNothing() {
        Api api = Api.freshAccount(Verification.NONE);
        assertThat(
                run(1, Map.of("WARDEN_ACCOUNT", api.account()), "reset-admin-password", "nobody"),
                containsString("no user nobody in account " + api.account()));
        api.login(Api.ADMIN, Api.ADMIN_PASSWORD).then().statusCode(200);
    }

    @Test
    void aBackupRestoresIntoAnotherDatabaseWithEveryRow() throws Exception {
        Api api = Api.freshAccount(Verification.NONE);
        String admin = api.admin();
        String id = as(admin)
                .body(Map.of("note", "keep me", "n", 42))
                .post(api.at("/meshes/archive"))
                .then()
                .statusCode(201)
                .extract()
                .path("_id");
        Path file = Files.createTempFile("warden-backup", ".sql.gz");
        assertThat(run(0, Map.of(), "backup", file.toString()), containsString("backed up"));

        String copy = Api.uniqueLetters("restored");
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
            c.createStatement().execute("create database " + copy);
        }
        String copyUrl = jdbcUrl.substring("jdbc:".length()).replaceAll("/[^/?]+(\\?|$)", "/" + copy + "$1");
        assertThat(run(0, Map.of("WARDEN_DB_URL", copyUrl), "restore", file.toString()), containsString("restored"));

        try (Connection original = DriverManager.getConnection(jdbcUrl, user, password);
                Connection restored = DriverManager.getConnection("jdbc:" + copyUrl, user, password)) {
            for (String table : new String[] {"accounts", "users", "roles", "user_roles", "audit_log", "api_keys"}) {
                assertEquals(count(original, table), count(restored, table), table);
            }
            try (ResultSet row = restored.createStatement()
                    .executeQuery("select data->>'note', owner_type from documents where account = '" + api.account()
                            + "' and id = '" + id + "'")) {
                assertThat(row.next(), equalTo(true));
                assertEquals("keep me", row.getString(1));
                assertEquals("user", row.getString(2));
            }
        }
        assertThat(
                run(
                        1,
                        Map.of(),
                        "restore",
                        Files.createTempFile("not-a-backup", ".sql").toString()),
                containsString("is not a Warden backup"));

        // A tampered file never becomes SQL: a block header that is not exactly a table of this
        // schema is refused, and the transaction (which had emptied the tables) rolls back.
        Path tampered = Files.createTempFile("tampered", ".sql");
        Files.writeString(
                tampered,
                "-- Warden backup, schema version " + latestMigration() + "\n\n"
                        + "COPY public.accounts (name) FROM stdin; drop table users; --\nx\n\\.\n");
        assertThat(
                run(1, Map.of("WARDEN_DB_URL", copyUrl), "restore", tampered.toString()),
                containsString("does not match a table of this schema"));
        try (Connection original = DriverManager.getConnection(jdbcUrl, user, password);
                Connection restored = DriverManager.getConnection("jdbc:" + copyUrl, user, password)) {
            assertEquals(count(original, "accounts"), count(restored, "accounts"));
            assertEquals(count(original, "users"), count(restored, "users"));
        }
    }

    @Test
    void migrateBringsAnEmptyDatabaseToTheCurrentSchemaAndIsRepeatable() throws Exception {
        String fresh = Api.uniqueLetters("migrated");
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
            c.createStatement().execute("create database " + fresh);
        }
        String url = jdbcUrl.substring("jdbc:".length()).replaceAll("/[^/?]+(\\?|$)", "/" + fresh + "$1");
        String first = run(0, Map.of("WARDEN_DB_URL", url), "migrate");
        assertEquals(first, run(0, Map.of("WARDEN_DB_URL", url), "migrate"));
        assertThat(first, containsString("schema at version " + latestMigration()));
    }

    @Test
    void misuseShowsTheUsage() {
        assertThat(run(2, Map.of(), "backup"), containsString("backup needs a FILE"));
        assertThat(run(0, Map.of(), "help"), containsString("reset-admin-password"));
    }

    /** The highest V<n>__ among the migrations this build ships. */
    private static int latestMigration() throws java.io.IOException {
        try (var files = Files.list(Path.of("src/main/resources/db/migration"))) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
                    .max()
                    .orElseThrow();
        }
    }

    private static long count(Connection c, String table) throws Exception {
        try (ResultSet row = c.createStatement().executeQuery("select count(*) from " + table)) {
            row.next();
            return row.getLong(1);
        }
    }
}
