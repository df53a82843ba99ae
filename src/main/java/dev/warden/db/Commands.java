package dev.warden.db;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.warden.api.Ids;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The operator's commands ({@code ./warden client-key}, …): they run instead of the server,
 * against the same database (WARDEN_DB_URL, or the embedded one — the running Warden's server when
 * there is one, otherwise started for the command).
 */
public final class Commands {

    static final String USAGE =
            """
            usage: ./warden [command]
              (no command)                     run Warden
              client-key                       show every account's client public key (the client_id)
              reset-admin-password [USERNAME]  give the admin (default WARDEN_ADMIN_USERNAME or admin) of
                                               WARDEN_ACCOUNT (default demo) a new password, printed once
                                               (or WARDEN_ADMIN_PASSWORD); ends its sessions
              backup FILE                      write a consistent copy of every table (FILE.gz: compressed)
              restore FILE                     replace the database's contents with a backup (Warden stopped)
              migrate                          apply the schema migrations and exit
            """;

    static final List<String> NAMES = List.of("client-key", "reset-admin-password", "backup", "restore", "migrate");

    private final Function<String, String> settings;
    private final PrintStream out;

    public Commands(Function<String, String> settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public static boolean isCommand(String[] args) {
        return args.length > 0 && (NAMES.contains(args[0]) || args[0].equals("help") || args[0].equals("--help"));
    }

    /** Runs {@code args}; answers the process exit status (0 done, 1 failed, 2 misused). */
    public int run(String... args) {
        try {
            switch (args[0]) {
                case "client-key" -> withDatabase(false, this::clientKeys);
                case "reset-admin-password" -> withDatabase(
                        false,
                        db -> resetAdminPassword(
                                db, args.length > 1 ? args[1] : setting("WARDEN_ADMIN_USERNAME", "admin")));
                case "backup" -> withDatabase(false, db -> backup(db, file(args)));
                case "restore" -> withDatabase(true, db -> restore(db, file(args)));
                case "migrate" -> withDatabase(false, db -> out.println("Warden: schema at version " + migrate(db)));
                default -> {
                    out.print(USAGE);
                    return args[0].equals("help") || args[0].equals("--help") ? 0 : 2;
                }
            }
            return 0;
        } catch (UsageException e) {
            out.println("Warden: " + e.getMessage());
            out.print(USAGE);
            return 2;
        } catch (SQLException e) {
            out.println("Warden: " + args[0] + " failed: "
                    + ("42P01".equals(e.getSQLState())
                            ? "the database has no Warden schema yet (start Warden once, or run ./warden migrate)"
                            : e.getMessage()));
            return 1;
        } catch (Exception e) {
            out.println("Warden: " + args[0] + " failed: " + e.getMessage());
            return 1;
        }
    }

    // The database: WARDEN_DB_URL, or the embedded server.

    /** Where to connect: JDBC URL, user and password. */
    record Target(String url, String username, String password) {
        Connection connect() throws SQLException {
            return DriverManager.getConnection(url, username, password);
        }
    }

    interface Work {
        void on(Target db) throws Exception;
    }

    private void withDatabase(boolean needsWardenStopped, Work work) throws Exception {
        String url = setting("WARDEN_DB_URL", null);
        if (url != null && !url.isBlank()) {
            Map<String, String> props =
                    DatabaseUrls.fromUrl(url, setting("WARDEN_DB_USERNAME", null), setting("WARDEN_DB_PASSWORD", null));
            work.on(new Target(
                    props.get("quarkus.datasource.jdbc.url"),
                    props.get("quarkus.datasource.username"),
                    props.get("quarkus.datasource.password")));
            return;
        }
        Path dataDir =
                Path.of(setting("WARDEN_DATA_DIR", "data")).toAbsolutePath().resolve("postgres");
        Optional<Integer> running = runningPort(dataDir);
        if (running.isPresent()) {
            if (needsWardenStopped) throw new IllegalStateException("stop Warden first: it is running on " + dataDir);
            String secret = Files.readString(dataDir.resolve(EmbeddedDatabase.SECRET_FILE))
                    .trim();
            work.on(new Target(
                    "jdbc:postgresql://localhost:" + running.get() + "/postgres", EmbeddedDatabase.SUPERUSER, secret));
            return;
        }
        EmbeddedDatabase embedded = EmbeddedDatabase.start(dataDir, true, "128MB", 0);
        try {
            Map<String, String> props = embedded.datasourceProperties();
            work.on(new Target(
                    props.get("quarkus.datasource.jdbc.url"),
                    props.get("quarkus.datasource.username"),
                    props.get("quarkus.datasource.password")));
        } finally {
            embedded.stop();
        }
    }

    /** The port of the embedded server a running Warden holds (line 4 of postmaster.pid), if any. */
    static Optional<Integer> runningPort(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) return Optional.empty();
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.size() < 4) return Optional.empty();
        try {
            boolean alive = ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                    .map(ProcessHandle::isAlive)
                    .orElse(false);
            return alive ? Optional.of(Integer.parseInt(lines.get(3).trim())) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    // The commands.

    private void clientKeys(Target db) throws SQLException {
        try (Connection c = db.connect();
                ResultSet rows = c.createStatement()
                        .executeQuery("select account, public_key from clients order by account, created_at")) {
            boolean any = false;
            while (rows.next()) {
                any = true;
                out.println("Warden: account '" + rows.getString(1) + "' has client public key (client_id): "
                        + rows.getString(2));
            }
            if (!any) out.println("Warden: no account yet (start Warden once to create it)");
        }
    }

    private void resetAdminPassword(Target db, String username) throws SQLException {
        String account = setting("WARDEN_ACCOUNT", "demo");
        String given = setting("WARDEN_ADMIN_PASSWORD", null);
        String password = given != null && !given.isBlank() ? given : Ids.secret(18);
        int cost = Integer.parseInt(setting("WARDEN_BCRYPT_COST", "10"));
        String hash = BCrypt.withDefaults().hashToString(cost, password.toCharArray());
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            String id;
            try (PreparedStatement find = c.prepareStatement(
                    "select id from users where account = ? and tenant = '' and lower(username) = lower(?) for update")) {
                find.setString(1, account);
                find.setString(2, username);
                try (ResultSet row = find.executeQuery()) {
                    if (!row.next()) throw new IllegalStateException("no user " + username + " in account " + account);
                    id = row.getString(1);
                }
            }
            // A new password ends every session (spec §8) and clears the lockout that may have caused the reset.
            update(
                    c,
                    "update users set password_hash = ?, session_epoch = session_epoch + 1 where account = ? and id = ?",
                    hash,
                    account,
                    id);
            update(
                    c,
                    "update refresh_tokens set revoked_at = now() where account = ? and user_id = ? and revoked_at is null",
                    account,
                    id);
            update(
                    c,
                    "delete from login_failures where account = ? and key = ?",
                    account,
                    "user:" + username.toLowerCase());
            update(
                    c,
                    "insert into audit_log (account, id, action, principal_type, principal_name, target_type,"
                            + " target_id, target_name) values (?, ?, 'user.password.reset', 'operator', 'warden cli',"
                            + " 'user', ?, ?)",
                    account,
                    Ids.next(),
                    id,
                    username);
            update(c, "select pg_notify('warden_acl', ?)", account);
            c.commit();
        }
        out.println("Warden: user '" + username + "' in account '" + account + "' has the new password "
                + (given != null && !given.isBlank() ? "given in WARDEN_ADMIN_PASSWORD" : password + " (shown once)"));
    }

    private static void update(Connection c, String sql, String... values) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) statement.setString(i + 1, values[i]);
            statement.execute();
        }
    }

    /** Applies the pending migrations; answers the schema version the database is at. */
    private static String migrate(Target db) {
        Flyway flyway = Flyway.configure()
                .dataSource(db.url(), db.username(), db.password())
                .locations("classpath:db/migration")
                .load();
        flyway.migrate();
        return flyway.info().current().getVersion().getVersion();
    }

    /**
     * Every table's rows as {@code COPY … FROM stdin} blocks (pg_dump's plain format for data), read in
     * one repeatable-read snapshot: consistent while Warden keeps writing. The schema is not in the
     * file: it is the migrations' (the file names its version, and restore checks it).
     */
    private void backup(Target db, Path file) throws Exception {
        try (Connection c = db.connect();
                Writer writer = new BufferedWriter(new OutputStreamWriter(output(file), StandardCharsets.UTF_8))) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            String version = schemaVersion(c);
            writer.write("-- Warden backup, schema version " + version + "\n");
            writer.write("-- restore with ./warden restore FILE (or psql, into a database migrated to that version,\n");
            writer.write("-- with session_replication_role = replica)\n");
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            long rows = 0;
            for (String table : tables(c)) {
                String copied = copyTarget(c, table);
                writer.write("\nCOPY " + copied + " FROM stdin;\n");
                rows += copy.copyOut("COPY " + copied + " TO STDOUT", writer);
                writer.write("\\.\n");
            }
            c.commit();
            out.println("Warden: backed up " + rows + " rows (schema version " + version + ") to " + file);
        }
    }

    /** Replaces every table's rows with the backup's, in one transaction; the schema is migrated first. */
    private void restore(Target db, Path file) throws Exception {
        String version = migrate(db);
        try (Connection c = db.connect();
                BufferedReader reader =
                        new BufferedReader(new InputStreamReader(input(file), StandardCharsets.UTF_8))) {
            c.setAutoCommit(false);
            String header = reader.readLine();
            if (header == null || !header.startsWith("-- Warden backup, schema version ")) {
                throw new IllegalArgumentException(file + " is not a Warden backup");
            }
            String backupVersion = header.substring("-- Warden backup, schema version ".length())
                    .trim();
            if (!backupVersion.equals(version)) {
                throw new IllegalStateException("the backup is of schema version " + backupVersion
                        + " and this Warden's is " + version + ": restore it with the Warden that made it");
            }
            // The statements run are built from this database's catalog, never from the file: a
            // block's header must name a table and its columns exactly as they are here.
            java.util.Map<String, String> targets = new java.util.HashMap<>();
            for (String table : tables(c)) targets.put("COPY " + copyTarget(c, table) + " FROM stdin;", table);
            try (Statement s = c.createStatement()) {
                s.execute("set local session_replication_role = replica"); // no triggers, no FK order
                s.execute("truncate " + String.join(", ", tables(c)));
            }
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            long rows = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.startsWith("COPY ")) continue;
                String table = targets.get(line);
                if (table == null) {
                    throw new IllegalArgumentException(
                            "the backup's block \"" + line.substring(0, Math.min(80, line.length()))
                                    + "\" does not match a table of this schema");
                }
                rows += copy.copyIn("COPY " + copyTarget(c, table) + " FROM STDIN", new Block(reader));
            }
            try (Statement s = c.createStatement()) {
                // Identity columns continue after the restored rows.
                s.execute("select setval(pg_get_serial_sequence('public.changes', 'seq'),"
                        + " greatest((select max(seq) from changes), 1))");
                s.execute("select pg_notify('warden_acl', name) from accounts");
            }
            c.commit();
            out.println("Warden: restored " + rows + " rows from " + file);
        }
    }

    /** {@code public.table (col, …)}, every name quoted by PostgreSQL itself ({@code quote_ident}). */
    private static String copyTarget(Connection c, String table) throws SQLException {
        return "public." + table + " (" + String.join(", ", columns(c, table)) + ")";
    }

    /** The schema's tables as quoted identifiers, from the catalog. */
    private static List<String> tables(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rows = c.createStatement()
                .executeQuery("select quote_ident(tablename) from pg_tables where schemaname = 'public'"
                        + " and tablename <> 'flyway_schema_history' order by tablename")) {
            while (rows.next()) names.add(rows.getString(1));
        }
        return names;
    }

    private static List<String> columns(Connection c, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement("select quote_ident(attname) from pg_attribute"
                + " where attrelid = ('public.' || ?)::regclass and attnum > 0 and not attisdropped"
                + " order by attnum")) {
            query.setString(1, table);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) names.add(rows.getString(1));
            }
        }
        return names;
    }

    private static String schemaVersion(Connection c) throws SQLException {
        try (ResultSet row = c.createStatement()
                .executeQuery(
                        "select version from flyway_schema_history where success order by installed_rank desc limit 1")) {
            if (!row.next()) throw new IllegalStateException("the database has no Warden schema");
            return row.getString(1);
        }
    }

    /** One COPY block of a backup: its lines up to the {@code \.} that ends it. */
    private static final class Block extends Reader {
        private final BufferedReader lines;
        private String pending = "";
        private int at;
        private boolean done;

        Block(BufferedReader lines) {
            this.lines = lines;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            while (at == pending.length()) {
                if (done) return -1;
                String line = lines.readLine();
                if (line == null || line.equals("\\.")) {
                    done = true;
                    return -1;
                }
                pending = line + "\n";
                at = 0;
            }
            int n = Math.min(length, pending.length() - at);
            pending.getChars(at, at + n, buffer, offset);
            at += n;
            return n;
        }

        @Override
        public void close() {}
    }

    private static OutputStream output(Path file) throws IOException {
        OutputStream raw = Files.newOutputStream(file);
        return file.toString().endsWith(".gz") ? new GZIPOutputStream(raw) : raw;
    }

    private static InputStream input(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        return file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
    }

    private static Path file(String[] args) {
        if (args.length < 2) throw new UsageException(args[0] + " needs a FILE");
        return Path.of(args[1]);
    }

    private String setting(String name, String fallback) {
        String value = settings.apply(name);
        return value != null ? value : fallback;
    }

    private static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
