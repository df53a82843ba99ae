package dev.warden.support;

import dev.warden.db.WardenMain;
import dev.warden.security.Public;
import dev.warden.security.Requires;
import dev.warden.security.SignedIn;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Every HTTP endpoint Warden's own code declares, found by scanning the compiled main classes. */
public final class EndpointCatalog {

    private EndpointCatalog() {}

    /** One endpoint and what it declared, as text: public, signed-in, an operation (READ_USER), or UNDECLARED. */
    public record Endpoint(String method, String path, String requirement, Requires requires) {
        public String key() {
            return method + " " + path;
        }
    }

    public static List<Endpoint> mainEndpoints() {
        try {
            java.nio.file.Path root = java.nio.file.Path.of(WardenMain.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            List<Endpoint> endpoints = new ArrayList<>();
            try (Stream<java.nio.file.Path> files = Files.walk(root)) {
                for (java.nio.file.Path file :
                        files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    String name =
                            root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                    endpoints.addAll(endpointsOf(Class.forName(name, false, EndpointCatalog.class.getClassLoader())));
                }
            }
            endpoints.sort(Comparator.comparing(Endpoint::path).thenComparing(Endpoint::method));
            return endpoints;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<Endpoint> endpointsOf(Class<?> type) {
        Path classPath = type.getAnnotation(Path.class);
        if (classPath == null) {
            return List.of();
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (Method method : type.getDeclaredMethods()) {
            String httpMethod = httpMethod(method);
            if (httpMethod == null) {
                continue;
            }
            Path methodPath = method.getAnnotation(Path.class);
            String path = classPath.value() + (methodPath == null ? "" : methodPath.value());
            endpoints.add(new Endpoint(httpMethod, path, requirement(method), method.getAnnotation(Requires.class)));
        }
        return endpoints;
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    private static String requirement(Method method) {
        List<String> declared = new ArrayList<>();
        if (method.isAnnotationPresent(Public.class)) declared.add("public");
        if (method.isAnnotationPresent(SignedIn.class)) {
            declared.add(method.getAnnotation(SignedIn.class).anyCaller() ? "signed-in, any caller" : "signed-in");
        }
        Requires requires = method.getAnnotation(Requires.class);
        if (requires != null) declared.add(requires.value().name());
        return declared.size() == 1 ? declared.get(0) : "UNDECLARED";
    }
}
