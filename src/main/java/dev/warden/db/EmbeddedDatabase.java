package dev.warden.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;

/**
 * The PostgreSQL server Warden starts for itself when no database is configured. Its files stay
 * under the data directory, so the data survive restarts. It accepts only password (SCRAM)
 * logins with a secret generated on first start and kept beside its files (mode 0600): a local
 * process that finds its port cannot connect without reading Warden's files.
 */
public final class EmbeddedDatabase {

    /**
     * PostgreSQL's default (128 MB) is sized for a shared machine. A scan of a table larger than a
     * quarter of it goes through a small ring of buffers and reads every page from the operating
     * system again: a $group projection over 100,000 documents (230 MB) paid that on every read.
     * Shared memory is only used as pages are touched.
     */
    public static final String SHARED_BUFFERS = "1GB";

    /**
     * Memory per sort or hash before spilling to disk (default 4 MB). With the default, PostgreSQL
     * groups a projection's 100,000 documents by sorting them on disk instead of hashing 50 keys.
     */
    static final String WORK_MEM = "32MB";

    /**
     * zonky's embedded server is built for throwaway test databases: it starts PostgreSQL with
     * {@code -F} (fsync off) and {@code synchronous_commit=off}, so a crash or power loss could lose
     * acknowledged writes or corrupt the data directory. Warden keeps real data in it, so both go back
     * to PostgreSQL's defaults ({@code -c} options come after {@code -F} and win).
     */
    static final Map<String, String> DURABILITY = Map.of("fsync", "on", "synchronous_commit", "on");

    static final String SUPERUSER = "postgres";
    /** The superuser's password, inside the data directory (PostgreSQL ignores files it does not know). */
    static final String SECRET_FILE = "warden.secret";
    /** Every connection, local or TCP, must present the password. */
    static final String PG_HBA = "local all all scram-sha-256\n"
            + "host all all 127.0.0.1/32 scram-sha-256\n"
            + "host all all ::1/128 scram-sha-256\n";

    private final EmbeddedPostgres postgres;
    private final Path dataDir;
    private final String secret;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDir, String secret) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.secret = secret;
    }

    /** Starts a server whose files live in {@code dataDir} (created when missing, kept after). */
    public static EmbeddedDatabase start(Path dataDir, boolean keepData) {
        return start(dataDir, keepData, SHARED_BUFFERS, 0);
    }

    /** {@code port} 0 picks a free one; the server stops by itself when the JVM exits. */
    public static EmbeddedDatabase start(Path dataDir, boolean keepData, String sharedBuffers, int port) {
        return start(dataDir, keepData, sharedBuffers, port, true);
    }

    /**
     * With {@code stopAtExit} false the caller stops the server (Warden does, after Quarkus has
     * closed its connections, so shutting down logs no terminated connection).
     */
    public static EmbeddedDatabase start(
            Path dataDir, boolean keepData, String sharedBuffers, int port, boolean stopAtExit) {
        try {
            Files.createDirectories(dataDir);
            if (keepData) {
                StaleServer.stopIfAbandoned(dataDir);
            }
            boolean initialised = keepData && Files.exists(dataDir.resolve("postgresql.conf"));
            Path secretFile = dataDir.resolve(SECRET_FILE);
            boolean trusting = initialised && !Files.exists(secretFile);
            String secret =
                    initialised && !trusting ? Files.readString(secretFile).trim() : newSecret();
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(!keepData)
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("shared_buffers", sharedBuffers)
                    .setServerConfig("work_mem", WORK_MEM)
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setRegisterShutdownHook(stopAtExit);
            if (port > 0) builder.setPort(port);
            DURABILITY.forEach(builder::setServerConfig);
            Path passwordFile = null;
            if (!initialised) {
                // initdb sets the superuser's password from a file and writes a password-only pg_hba.conf
                // (these options come after zonky's "-A trust" and win).
                passwordFile = privateFile(Files.createTempFile("warden-pg", ".pw"), secret);
                builder.setLocaleConfig("pwfile", passwordFile.toString()).setLocaleConfig("auth", "scram-sha-256");
            }
            if (!trusting) {
                builder.setConnectConfig("password", secret);
                builder.setDataDirectoryCustomizer(dir -> secure(dir.toPath(), secret));
            }
            EmbeddedPostgres postgres;
            try {
                postgres = builder.start();
            } finally {
                if (passwordFile != null) Files.deleteIfExists(passwordFile);
            }
            if (trusting) {
                upgradeFromTrust(postgres, dataDir, secret);
            }
            return new EmbeddedDatabase(postgres, dataDir, secret);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dataDir, e);
        }
    }

    /** Writes the secret (0600) and the password-only pg_hba.conf, and closes the directory to others (0700). */
    private static void secure(Path dir, String secret) {
        try {
            privateFile(dir.resolve(SECRET_FILE), secret);
            Files.writeString(dir.resolve("pg_hba.conf"), PG_HBA);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A data directory from before passwords (pg_hba "trust"): set the password while trust still
     * lets Warden in, then switch to password-only and reload.
     */
    private static void upgradeFromTrust(EmbeddedPostgres postgres, Path dataDir, String secret) throws IOException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("set password_encryption = 'scram-sha-256'");
            }
            // ALTER ROLE takes no parameters; the secret is hex, so quoting it is safe.
            try (Statement statement = connection.createStatement()) {
                statement.execute("alter role " + SUPERUSER + " password '" + secret + "'");
            }
            secure(dataDir, secret);
            try (PreparedStatement reload = connection.prepareStatement("select pg_reload_conf()")) {
                reload.execute();
            }
        } catch (SQLException e) {
            throw new IOException("could not set the embedded PostgreSQL's password", e);
        }
    }

    private static Path privateFile(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content);
        return file;
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDirectory() {
        return dataDir;
    }

    /** The Quarkus datasource settings that point at this server. */
    public Map<String, String> datasourceProperties() {
        return DatabaseUrls.datasourceProperties("localhost", port(), "postgres", SUPERUSER, secret);
    }

    public void stop() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static File pidFile(Path dataDir) {
        return dataDir.resolve("postmaster.pid").toFile();
    }
}
