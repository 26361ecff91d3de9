package dev.bellwether.health;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Reads a health model as {@code PUT /api/v1/health-model} takes it, wherever it comes from (the API, an export's
 * {@code health-model.json}): a field the model does not have is refused, named by its path (the app's shared
 * mapper ignores one, so a typo such as {@code "band"} changed nothing, silently).
 */
public final class HealthModelReader {

    private static final ObjectReader STRICT = ((ObjectMapper) JsonMapper.builder().findAndAddModules()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build()).readerFor(HealthModelDocument.class);

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
            return new Read(null, List.of(path(e) + ": not a field of the health model"));
        } catch (JsonProcessingException e) {
            return new Read(null, List.of("Not a health model: " + e.getOriginalMessage()));
        } catch (IOException e) {
            return new Read(null, List.of("Not a health model: " + e.getMessage()));
        }
    }

    private static Read read(HealthModelDocument document) {
        return document == null ? new Read(null, List.of("It holds no health model.")) : new Read(document, List.of());
    }

    /** The unknown field's place in the document, e.g. {@code weights.usage} or {@code colour}. */
    private static String path(UnrecognizedPropertyException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
