package dev.bellwether.web;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

/**
 * The methods each address answers, for the {@code Allow} header a 405 must carry (RFC 9110, 15.5.6), which the REST
 * layer leaves out. Read once from the resource classes' annotations: the methods declared on a template that
 * matches the address. HEAD and OPTIONS are not listed: the REST layer answers HEAD wherever GET is (but for the
 * exports, which refuse it) and OPTIONS everywhere.
 */
@ApplicationScoped
public class AllowedMethods {

    private record Route(Pattern path, String method) {
    }

    private final List<Route> routes = new ArrayList<>();

    AllowedMethods(BeanManager beans) {
        for (Bean<?> bean : beans.getBeans(Object.class, Any.Literal.INSTANCE)) {
            Path root = bean.getBeanClass().getAnnotation(Path.class);
            if (root == null) {
                continue;
            }
            for (Method method : bean.getBeanClass().getMethods()) {
                Path path = method.getAnnotation(Path.class);
                httpMethod(method).ifPresent(verb -> routes.add(new Route(
                        template(root.value() + "/" + (path == null ? "" : path.value())), verb)));
            }
        }
    }

    /** The header's value for {@code path}, "GET, POST", or empty when no declared method matches it. */
    public Optional<String> allow(String path) {
        TreeSet<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            if (route.path().matcher(path).matches()) {
                allowed.add(route.method());
            }
        }
        return allowed.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", allowed));
    }

    private static Optional<String> httpMethod(Method method) {
        for (var annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null && !HttpMethod.HEAD.equals(verb.value()) && !HttpMethod.OPTIONS.equals(verb.value())) {
                return Optional.of(verb.value());
            }
        }
        return Optional.empty();
    }

    /**
     * A JAX-RS path template as a pattern of the whole path: "{id}" is one segment, "{list:a|b}" its own regex; the
     * rest is literal, with the slashes between the class's and the method's paths made single and none at the end.
     */
    static Pattern template(String template) {
        String path = ("/" + template).replaceAll("/+", "/");
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        StringBuilder regex = new StringBuilder();
        int literal = 0;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) != '{') {
                continue;
            }
            regex.append(Pattern.quote(path.substring(literal, i)));
            int depth = 0;
            int end = i;
            for (; end < path.length(); end++) {
                depth += path.charAt(end) == '{' ? 1 : path.charAt(end) == '}' ? -1 : 0;
                if (depth == 0) {
                    break;
                }
            }
            String variable = path.substring(i + 1, end);
            int colon = variable.indexOf(':');
            regex.append('(').append(colon < 0 ? "[^/]+" : variable.substring(colon + 1).strip()).append(')');
            literal = end + 1;
            i = end;
        }
        regex.append(Pattern.quote(path.substring(literal))).append("/?");
        return Pattern.compile(regex.toString());
    }
}
