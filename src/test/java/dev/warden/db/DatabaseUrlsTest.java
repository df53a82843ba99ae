package dev.warden.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every part of WARDEN_DB_URL is honoured or refused by name, never silently dropped. */
class DatabaseUrlsTest {

    @Test
    void aPlainAddressNamesHostPortAndDatabase() {
        Map<String, String> props = DatabaseUrls.fromUrl("postgresql://db.internal:6432/warden", null, null);
        assertEquals("postgresql://db.internal:6432/warden", props.get("quarkus.datasource.reactive.url"));
        assertEquals("jdbc:postgresql://db.internal:6432/warden", props.get("quarkus.datasource.jdbc.url"));
        assertFalse(props.containsKey("quarkus.datasource.username"));
    }

    @Test
    void credentialsInTheAddressAreUsedAndDecoded() {
        Map<String, String> props = DatabaseUrls.fromUrl("postgres://warden:p%40ss%3Aword@db/warden", null, null);
        assertEquals("warden", props.get("quarkus.datasource.username"));
        assertEquals("p@ss:word", props.get("quarkus.datasource.password"));
        assertEquals("postgresql://db:5432/warden", props.get("quarkus.datasource.reactive.url"));
    }

    @Test
    void explicitCredentialsWinOverTheAddress() {
        Map<String, String> props = DatabaseUrls.fromUrl("postgresql://a:b@db/warden", "svc", "secret");
        assertEquals("svc", props.get("quarkus.datasource.username"));
        assertEquals("secret", props.get("quarkus.datasource.password"));
    }

    @Test
    void sslmodeReachesBothDatasources() {
        Map<String, String> props = DatabaseUrls.fromUrl(
                "postgresql://db/warden?sslmode=verify-full&sslrootcert=/etc/warden/ca.pem", null, null);
        assertEquals("verify-full", props.get("quarkus.datasource.reactive.postgresql.ssl-mode"));
        assertEquals("false", props.get("quarkus.datasource.reactive.trust-all"));
        assertEquals("HTTPS", props.get("quarkus.datasource.reactive.hostname-verification-algorithm"));
        assertEquals("/etc/warden/ca.pem", props.get("quarkus.datasource.reactive.trust-certificate-pem.certs"));
        assertEquals(
                "jdbc:postgresql://db:5432/warden?sslmode=verify-full&sslrootcert=/etc/warden/ca.pem",
                props.get("quarkus.datasource.jdbc.url"));
    }

    @Test
    void requireEncryptsWithoutCheckingTheCertificateAsLibpqDoes() {
        Map<String, String> props = DatabaseUrls.fromUrl("postgresql://db/warden?sslmode=require", null, null);
        assertEquals("require", props.get("quarkus.datasource.reactive.postgresql.ssl-mode"));
        assertEquals("true", props.get("quarkus.datasource.reactive.trust-all"));
    }

    @Test
    void unknownOptionsAndModesAreRefusedByName() {
        IllegalArgumentException option = assertThrows(
                IllegalArgumentException.class,
                () -> DatabaseUrls.fromUrl("postgresql://db/warden?connect_timeout=5", null, null));
        assertTrue(option.getMessage().contains("connect_timeout"), option.getMessage());
        IllegalArgumentException mode = assertThrows(
                IllegalArgumentException.class,
                () -> DatabaseUrls.fromUrl("postgresql://db/warden?sslmode=sometimes", null, null));
        assertTrue(mode.getMessage().contains("sslmode"), mode.getMessage());
    }

    @Test
    void aBadAddressIsRefusedWithoutShowingItsPassword() {
        IllegalArgumentException bad = assertThrows(
                IllegalArgumentException.class, () -> DatabaseUrls.fromUrl("mysql://u:hunter2@db/x", null, null));
        assertFalse(bad.getMessage().contains("hunter2"), bad.getMessage());
    }
}
