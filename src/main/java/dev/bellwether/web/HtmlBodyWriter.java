package dev.bellwether.web;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;

import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyWriter;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

import io.quarkus.qute.TemplateInstance;

/**
 * Writes a page (a template's text) as UTF-8 in one go. The built-in string writer encodes the text a
 * character at a time into the network buffer; a page with any character outside Latin-1 (a dash, an
 * arrow, a minus sign) is a UTF-16 string, and that loop cost a tenth of a page's CPU (Flight Recorder,
 * docs/benchmarks.md). {@link String#getBytes} encodes the same text in bulk.
 *
 * <p>It declares templates writeable as well as text: the writer of a method that answers a template is
 * chosen when the app starts, by the method's type, and what reaches it is the rendered text.
 */
@Provider
@Produces(MediaType.TEXT_HTML)
public class HtmlBodyWriter implements ServerMessageBodyWriter<Object> {

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, ResteasyReactiveResourceInfo target,
            MediaType mediaType) {
        return writes(type);
    }

    @Override
    public void writeResponse(Object page, Type genericType, ServerRequestContext context) {
        context.serverResponse().end(bytes(page));
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return writes(type);
    }

    @Override
    public void writeTo(Object page, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, Object> headers, OutputStream entityStream) throws IOException {
        entityStream.write(bytes(page));
    }

    private static boolean writes(Class<?> type) {
        return type == String.class || TemplateInstance.class.isAssignableFrom(type);
    }

    private static byte[] bytes(Object page) {
        String text = page instanceof TemplateInstance template ? template.render() : page.toString();
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
