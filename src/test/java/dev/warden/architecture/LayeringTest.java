package dev.warden.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Packages point down. The decision ({@code access/}) and the query compiler ({@code query/}) are
 * pure: no framework, no I/O library. Every other package imports only packages below it in
 * {@link #LAYERS}, so there is no cycle. Read from the sources, so a new import fails here before review.
 */
class LayeringTest {

    /** Lowest first; a package may import itself and anything before it. */
    static final List<String> LAYERS = List.of(
            "access",
            "query",
            "api",
            "db",
            "account",
            "keys",
            "security",
            "audit",
            "tenant",
            "index",
            "role",
            "hook",
            "realtime",
            "user",
            "mesh",
            "projection",
            "auth",
            "apikey",
            "boot");

    @org.junit.jupiter.api.Test
    void everyPackageImportsOnlyPackagesBelowIt() throws IOException {
        List<String> wrong = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path relative = SOURCES.relativize(file);
                if (relative.getNameCount() < 2) continue; // dev/warden itself holds no classes
                String layer = relative.getName(0).toString();
                if (!LAYERS.contains(layer)) {
                    unknown.add(layer);
                    continue;
                }
                Matcher imports = IMPORT.matcher(Files.readString(file));
                while (imports.find()) {
                    String imported = imports.group(2);
                    if (!imported.startsWith("dev.warden.")) continue;
                    String target = imported.substring("dev.warden.".length()).split("\\.")[0];
                    if (LAYERS.indexOf(target) > LAYERS.indexOf(layer)) {
                        wrong.add(layer + "/" + file.getFileName() + " imports " + imported + " (a higher package)");
                    }
                }
            }
        }
        assertEquals(List.of(), unknown, "packages missing from LAYERS");
        assertEquals(List.of(), wrong);
    }

    static final Path SOURCES = Path.of("src", "main", "java", "dev", "warden");
    static final Pattern IMPORT = Pattern.compile("^import (static )?([\\w.]+)", Pattern.MULTILINE);
    static final List<String> FRAMEWORKS = List.of("io.quarkus", "io.vertx", "jakarta", "io.smallrye", "org.jboss");

    @ParameterizedTest
    @ValueSource(strings = {"access", "query"})
    void pureLayersImportNoFrameworkAndNothingAbove(String layer) throws IOException {
        List<String> allowed = layer.equals("access")
                ? List.of("dev.warden.access")
                : List.of("dev.warden.query", "dev.warden.access");
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> files = Files.list(SOURCES.resolve(layer))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher imports = IMPORT.matcher(Files.readString(file));
                while (imports.find()) {
                    String imported = imports.group(2);
                    boolean framework = FRAMEWORKS.stream().anyMatch(imported::startsWith);
                    boolean above = imported.startsWith("dev.warden.")
                            && allowed.stream().noneMatch(imported::startsWith);
                    if (framework || above) wrong.add(file.getFileName() + " imports " + imported);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }
}
