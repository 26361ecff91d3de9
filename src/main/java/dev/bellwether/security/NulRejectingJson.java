package dev.bellwether.security;

import java.io.IOException;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * JSON strings holding U+0000 are refused while the body is read: a 400, never a database error. A
 * body bound as a string field is checked as each string is read; a body bound as a tree
 * ({@link JsonNode}, as most resources take theirs, to name each bad field) once it is read, its
 * field names included.
 */
@Singleton
public class NulRejectingJson implements ObjectMapperCustomizer {

    /** A JSON string with U+0000 in it; {@link MalformedRequests} answers it with 400. */
    public static final class NulInJson extends InvalidFormatException {

        private static final long serialVersionUID = 1L;

        NulInJson(JsonParser parser) {
            super(parser, NulCharacterGuard.MESSAGE, "(hidden)", String.class);
        }
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("no-nul").addDeserializer(String.class, new StringDeserializer() {
            @Override
            public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                String value = super.deserialize(parser, context);
                if (value != null && value.indexOf('\0') >= 0) {
                    throw new NulInJson(parser);
                }
                return value;
            }
        }).addDeserializer(JsonNode.class, new JsonNodeDeserializer() {
            private static final long serialVersionUID = 1L;

            @Override
            public JsonNode deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                JsonNode tree = super.deserialize(parser, context);
                if (holdsNul(tree)) {
                    throw new NulInJson(parser);
                }
                return tree;
            }
        }));
    }

    /** Whether a string or a field name anywhere in {@code tree} holds U+0000. */
    static boolean holdsNul(JsonNode tree) {
        if (tree == null) {
            return false;
        }
        if (tree.isTextual()) {
            return tree.textValue().indexOf('\0') >= 0;
        }
        if (tree.isObject()) {
            for (var fields = tree.fields(); fields.hasNext();) {
                var field = fields.next();
                if (field.getKey().indexOf('\0') >= 0 || holdsNul(field.getValue())) {
                    return true;
                }
            }
            return false;
        }
        if (tree.isArray()) {
            for (JsonNode element : tree) {
                if (holdsNul(element)) {
                    return true;
                }
            }
        }
        return false;
    }
}
