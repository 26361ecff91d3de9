package dev.bellwether.health;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.bellwether.platform.JsonPlace;

/**
 * Reads a health model as {@code PUT /api/v1/health-model} takes it, wherever it comes from (the API, an export's
 * {@code health-model.json}): a field the model does not have is refused, named by its path (the app's shared
 * mapper ignores one, so a typo such as {@code "band"} changed nothing, silently); so is a value of the wrong
 * kind, such as a number written as text ({@code "30"}), and a key named twice in one object.
 */
public final class HealthModelReader {

    private static final ObjectReader STRICT = ((ObjectMapper) JsonMapper.builder().findAndAddModules()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS).build()).readerFor(HealthModelDocument.class);

    /** The model read, or why there is none. */
    public record Read(HealthModelDocument document, List<String> problems) {
    }

    private HealthModelReader() {
    }

    /** A way to read the document that may fail as Jackson does. */
    private interface Source {
        HealthModelDocument read() throws IOException;
    }

    public static Read read(JsonNode body) {
        return read(() -> STRICT.readValue(body));
    }

    public static Read read(String text) {
        return read(() -> STRICT.readValue(text));
    }

    private static Read read(Source source) {
        try {
            return read(source.read());
        } catch (UnrecognizedPropertyException e) {
            return new Read(null, List.of(JsonPlace.path(e) + ": not a field of the health model"));
        } catch (MismatchedInputException e) {
            if (JsonPlace.trailing(e)) {
                return new Read(null, List.of("Not a health model: " + JsonPlace.AFTER_THE_VALUE
                        + JsonPlace.of(e.getLocation())));
            }
            String path = JsonPlace.path(e);
            return new Read(null, List.of((path.isEmpty() ? "the model" : path) + " must be " + kind(e.getTargetType())
                    + ", as in the model the API answers"));
        } catch (JsonProcessingException e) {
            return new Read(null, List.of("Not a health model: " + e.getOriginalMessage()));
        } catch (IOException e) {
            return new Read(null, List.of("Not a health model: " + e.getMessage()));
        }
    }

    private static Read read(HealthModelDocument document) {
        return document == null ? new Read(null, List.of("It holds no health model.")) : new Read(document, List.of());
    }

    /** What a value of {@code type} is written as in JSON. */
    private static String kind(Class<?> type) {
        if (type == null) {
            return "of another kind";
        }
        if (Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "text";
        }
        return List.class.isAssignableFrom(type) ? "a list [...]" : "an object {...}";
    }
}
