package dev.warden.keys;

import dev.warden.account.WardenConfig;
import dev.warden.api.Ids;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The RS256 key pair that signs access tokens, and the secret that signs password-reset hashes.
 * Generated once and kept in the database so every instance on it shares them and tokens survive
 * restarts; PEM files from config replace the stored pair.
 */
@Singleton
public class SigningKeys {

    private final Pool pool;
    private final WardenConfig config;
    private volatile Keys keys;

    public SigningKeys(Pool pool, WardenConfig config) {
        this.pool = pool;
        this.config = config;
    }

    public record Keys(String keyId, PrivateKey privateKey, PublicKey publicKey, byte[] hmacSecret) {}

    /** Loads the stored keys, creating them when this is the first start on the database. */
    public Uni<Keys> load() {
        return readStored()
                .flatMap(stored -> stored != null ? Uni.createFrom().item(stored) : createThenRead())
                .map(this::applyFileOverride)
                .invoke(loaded -> keys = loaded);
    }

    public Keys current() {
        Keys loaded = keys;
        if (loaded == null) {
            throw new IllegalStateException("signing keys are not loaded yet");
        }
        return loaded;
    }

    private Uni<Keys> readStored() {
        return pool.query(
                        "select id, private_key, public_key, hmac_secret from signing_keys order by created_at, id limit 1")
                .execute()
                .map(rows -> rows.size() == 0 ? null : fromRow(rows.iterator().next()));
    }

    /** Under an advisory lock, so instances starting together on a fresh database make one pair. */
    private Uni<Keys> createThenRead() {
        // Generating an RSA pair takes a few hundred milliseconds: on a worker, not the event loop
        // that answered the read.
        return Uni.createFrom()
                .item(SigningKeys::generate)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(this::store)
                .flatMap(ignored -> readStored());
    }

    private Uni<?> store(KeyPair pair) {
        byte[] secret = Base64.getUrlDecoder().decode(Ids.secret(32));
        return pool.withTransaction(tx -> tx.query("select pg_advisory_xact_lock(hashtext('warden-signing-keys'))")
                .execute()
                .flatMap(locked -> tx.preparedQuery("insert into signing_keys (id, private_key, public_key,"
                                + " hmac_secret) select $1, $2, $3, $4 where not exists (select 1 from signing_keys)")
                        .execute(Tuple.of(
                                Ids.next(),
                                encode(pair.getPrivate().getEncoded()),
                                encode(pair.getPublic().getEncoded()),
                                encode(secret)))));
    }

    private Keys applyFileOverride(Keys stored) {
        if (config.jwt().privateKeyFile().isEmpty()
                || config.jwt().publicKeyFile().isEmpty()) {
            return stored;
        }
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            PrivateKey privateKey = rsa.generatePrivate(
                    new PKCS8EncodedKeySpec(pem(config.jwt().privateKeyFile().get())));
            PublicKey publicKey = rsa.generatePublic(
                    new X509EncodedKeySpec(pem(config.jwt().publicKeyFile().get())));
            return new Keys("configured", privateKey, publicKey, stored.hmacSecret());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the configured JWT key files are not an RSA PEM key pair", e);
        }
    }

    private static byte[] pem(String file) {
        try {
            String text = Files.readString(Path.of(file));
            String body = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return Base64.getDecoder().decode(body);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key file " + file, e);
        }
    }

    private static Keys fromRow(Row row) {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            return new Keys(
                    row.getString("id"),
                    rsa.generatePrivate(new PKCS8EncodedKeySpec(decode(row.getString("private_key")))),
                    rsa.generatePublic(new X509EncodedKeySpec(decode(row.getString("public_key")))),
                    decode(row.getString("hmac_secret")));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the stored signing key is unreadable", e);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] decode(String text) {
        return Base64.getMimeDecoder().decode(text);
    }
}
