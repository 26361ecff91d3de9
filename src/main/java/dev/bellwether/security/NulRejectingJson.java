package dev.bellwether.security;

import java.io.IOException;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.quarkus.jackson.ObjectMapperCustomizer;

/** JSON strings holding U+0000 are refused while the body is read: a 400, never a database error. */
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
        }));
    }
}
