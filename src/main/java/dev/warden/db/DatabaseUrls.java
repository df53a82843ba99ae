package dev.warden.db;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns one PostgreSQL address into the reactive and JDBC datasource settings Quarkus needs. */
public final class DatabaseUrls {

    private DatabaseUrls() {}

    /** {@code url} is {@code postgresql://host:port/db} (a {@code jdbc:} prefix is tolerated). */
    public static Map<String, String> fromUrl(String url, String username, String password) {
        String plain = url.startsWith("jdbc:") ? url.substring(5) : url;
        URI uri = URI.create(plain.startsWith("postgres://") ? "postgresql://" + plain.substring(11) : plain);
        if (!"postgresql".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("WARDEN_DB_URL must look like postgresql://host:port/db, got " + url);
        }
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String database = uri.getPath() == null || uri.getPath().length() <= 1
                ? "postgres"
                : uri.getPath().substring(1);
        return datasourceProperties(uri.getHost(), port, database, username, password);
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
}
