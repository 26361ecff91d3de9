package dev.bellwether.security;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * A JSON object that names a key twice ({@code {"usage":30,"usage":40}}) is refused while the body is read: a
 * 400, like any other JSON that cannot be read, instead of the last value silently winning (which one a sender
 * meant, nobody knows). So is anything after the first value ({@code {…}}, "bands": {…}}, one brace too many):
 * it is not JSON, and would be dropped silently.
 */
@Singleton
public class DuplicateKeysRefused implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }
}
