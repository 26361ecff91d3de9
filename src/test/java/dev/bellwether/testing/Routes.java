package dev.bellwether.testing;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Every HTTP route the app declares (JAX-RS resources under {@code dev.bellwether}), read from the
 * compiled classes, so that tests walking "every route" cannot fall behind the code. Path
 * parameters are filled with {@code sample}; a parameter with a pattern gets its first choice.
 */
public final class Routes {

    /** One route: its method and a concrete path. */
    public record Route(String method, String path) {

        public boolean isApi() {
            return path.startsWith("/api/");
        }

        public boolean isSafe() {
            return method.equals("GET");
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static final Pattern PARAMETER = Pattern.compile("\\{(\\w+)(?::([^}]*))?}");

    private Routes() {
    }

    /** Every route, with each path parameter set to {@code sample} (or a pattern's first choice). */
    public static List<Route> all(String sample) {
        List<Route> routes = new ArrayList<>();
        for (JavaClass type : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.bellwether")) {
            if (!type.isAnnotatedWith(Path.class)) {
                continue;
            }
            Class<?> resource = type.reflect();
            String base = resource.getAnnotation(Path.class).value();
            for (Method method : resource.getDeclaredMethods()) {
                String verb = verb(method);
                if (verb == null) {
                    continue;
                }
                Path path = method.getAnnotation(Path.class);
                routes.add(new Route(verb, fill(join(base, path == null ? "" : path.value()), sample)));
            }
        }
        routes.sort(Comparator.comparing(Route::path).thenComparing(Route::method));
        return routes;
    }

    private static String verb(Method method) {
        if (method.isAnnotationPresent(GET.class)) {
            return "GET";
        }
        if (method.isAnnotationPresent(POST.class)) {
            return "POST";
        }
        if (method.isAnnotationPresent(PUT.class)) {
            return "PUT";
        }
        if (method.isAnnotationPresent(PATCH.class)) {
            return "PATCH";
        }
        return method.isAnnotationPresent(DELETE.class) ? "DELETE" : null;
    }

    private static String join(String base, String sub) {
        String joined = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + (sub.isEmpty() || sub.startsWith("/") ? sub : "/" + sub);
        return joined.isEmpty() ? "/" : joined;
    }

    private static String fill(String template, String sample) {
        Matcher matcher = PARAMETER.matcher(template);
        StringBuilder path = new StringBuilder();
        while (matcher.find()) {
            String pattern = matcher.group(2);
            String value = pattern == null ? sample : pattern.split("\\|")[0].replaceAll("[^A-Za-z0-9._-]", "");
            matcher.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(path);
        return path.toString();
    }
}
