package dev.warden.db;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns one PostgreSQL address into the reactive and JDBC datasource settings Quarkus needs. Every
 * part of the address is honoured or refused, never silently dropped: credentials in the address
 * ({@code user:password@}), {@code sslmode}, {@code sslrootcert} and {@code application_name}.
 */
public final class DatabaseUrls {

    static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    private DatabaseUrls() {}

    /**
     * {@code url} is {@code postgresql://[user[:password]@]host[:port][/db][?sslmode=…]} (a {@code
     * jdbc:} prefix and the {@code postgres://} scheme are tolerated). {@code username} and {@code
     * password}, when given, win over the address's.
     */
    public static Map<String, String> fromUrl(String url, String username, String password) {
        String plain = url.startsWith("jdbc:") ? url.substring(5) : url;
        URI uri = URI.create(plain.startsWith("postgres://") ? "postgresql://" + plain.substring(11) : plain);
        if (!"postgresql".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "WARDEN_DB_URL must look like postgresql://user:password@host:port/db?sslmode=require, got "
                            + redacted(url));
        }
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String database = uri.getPath() == null || uri.getPath().length() <= 1
                ? "postgres"
                : uri.getPath().substring(1);
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String fromUrlUser = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            String fromUrlPassword = colon < 0 ? null : decode(userInfo.substring(colon + 1));
            if (username == null) username = fromUrlUser;
            if (password == null) password = fromUrlPassword;
        }
        Map<String, String> props = datasourceProperties(uri.getHost(), port, database, username, password);
        options(uri.getRawQuery(), props);
        return props;
    }

    static Map<String, String> datasourceProperties(
            String host, int port, String database, String username, String password) {
        Map<String, String> props = new LinkedHashMap<>();
        String address = "//" + host + ":" + port + "/" + database;
        props.put("quarkus.datasource.reactive.url", "postgresql:" + address);
        props.put("quarkus.datasource.jdbc.url", "jdbc:postgresql:" + address);
        if (username != null) props.put("quarkus.datasource.username", username);
        if (password != null) props.put("quarkus.datasource.password", password);
        return props;
    }

    /** The query options, applied to both datasources; an unknown one is refused by name. */
    private static void options(String query, Map<String, String> props) {
        if (query == null || query.isEmpty()) return;
        StringBuilder jdbc = new StringBuilder();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            switch (name) {
                case "sslmode" -> {
                    if (!SSL_MODES.contains(value)) {
                        throw new IllegalArgumentException("WARDEN_DB_URL: sslmode must be one of " + SSL_MODES);
                    }
                    props.put("quarkus.datasource.reactive.postgresql.ssl-mode", value);
                    if (value.startsWith("verify")) {
                        props.put("quarkus.datasource.reactive.trust-all", "false");
                        props.put(
                                "quarkus.datasource.reactive.hostname-verification-algorithm",
                                value.equals("verify-full") ? "HTTPS" : "NONE");
                    } else if (!value.equals("disable")) {
                        // require/prefer/allow encrypt without checking the certificate, as libpq does.
                        props.put("quarkus.datasource.reactive.trust-all", "true");
                    }
                }
                case "sslrootcert" -> {
                    props.put("quarkus.datasource.reactive.trust-certificate-pem", "true");
                    props.put("quarkus.datasource.reactive.trust-certificate-pem.certs", value);
                }
                case "application_name" -> props.put(
                        "quarkus.datasource.reactive.additional-properties.application_name", value);
                default -> throw new IllegalArgumentException("WARDEN_DB_URL: unsupported option " + name
                        + " (supported: sslmode, sslrootcert, application_name)");
            }
            jdbc.append(jdbc.isEmpty() ? "?" : "&").append(pair);
        }
        props.computeIfPresent("quarkus.datasource.jdbc.url", (key, url) -> url + jdbc);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** The address without its password, for messages. */
    static String redacted(String url) {
        return url.replaceAll("//([^:/@]+):[^@/]*@", "//$1:***@");
    }
}
