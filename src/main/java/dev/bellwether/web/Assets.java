package dev.bellwether.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import io.quarkus.qute.TemplateExtension;

/**
 * Versioned URLs of the static assets: {@code {asset:url('/css/app.css')}} is
 * {@code /css/app.css?v=<content hash>}, so a deploy that changes a file changes its URL and browsers
 * fetch it anew, while an unchanged file stays cached. Only a URL whose {@code v} is the file's
 * current hash may be cached as immutable ({@link StaticCaching}); anything else is revalidated.
 * Webjar paths without their version ({@code /webjars/echarts/echarts.min.js}) are hashed from the
 * file the web dependency locator serves for them.
 */
@TemplateExtension(namespace = "asset")
public final class Assets {

    private static final String ROOT = "META-INF/resources";
    private static final List<String> WEBJAR_GROUPS = List.of("org.webjars", "org.webjars.npm");
    /** The hashes of the files asked for so far: only files that exist, so that no request can grow it. */
    private static final Map<String, String> VERSIONS = new ConcurrentHashMap<>();

    private Assets() {
    }

    /** The asset's URL with its content hash: {@code /js/charts.js?v=3f2a…}. Fails for a file that does not exist. */
    public static String url(String path) {
        return path + "?v=" + version(path).orElseThrow(() -> new IllegalArgumentException("No static asset " + path));
    }

    /** The first 12 hex digits of the SHA-256 of the asset's bytes; empty when there is no such file. */
    public static Optional<String> version(String path) {
        String known = VERSIONS.get(path);
        if (known != null) {
            return Optional.of(known);
        }
        // anyone may ask for /css/<anything>?v=…: a path that is no file is looked up again, never remembered
        Optional<String> hashed = hash(path);
        hashed.ifPresent(v -> VERSIONS.put(path, v));
        return hashed;
    }

    /** How many paths' hashes are remembered. */
    static int remembered() {
        return VERSIONS.size();
    }

    /** Whether {@code v} is the current version of the asset at {@code path}. */
    static boolean isCurrent(String path, String v) {
        return v != null && version(path).map(v::equals).orElse(false);
    }

    private static Optional<String> hash(String path) {
        String resource = resource(path);
        if (resource == null) {
            return Optional.empty();
        }
        try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return Optional.of(HexFormat.of().formatHex(digest.digest()).substring(0, 12));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The class-path resource behind a URL path; null for a path that cannot be a static file. */
    static String resource(String path) {
        if (path == null || !path.startsWith("/") || path.contains("..")) {
            return null;
        }
        if (!path.startsWith("/webjars/")) {
            return ROOT + path;
        }
        String rest = path.substring("/webjars/".length());
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            return null;
        }
        String name = rest.substring(0, slash);
        String file = rest.substring(slash + 1);
        String version = webjarVersion(name);
        if (version == null || file.startsWith(version + "/")) {
            return ROOT + path;
        }
        return ROOT + "/webjars/" + name + "/" + version + "/" + file;
    }

    private static String webjarVersion(String name) {
        for (String group : WEBJAR_GROUPS) {
            String pom = "META-INF/maven/" + group + "/" + name + "/pom.properties";
            try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(pom)) {
                if (in != null) {
                    Properties properties = new Properties();
                    properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                    return properties.getProperty("version");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return null;
    }
}
