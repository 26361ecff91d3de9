package dev.bellwether.web;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import jakarta.ws.rs.core.Response;

/**
 * What a form posted without htmx did, said by the page the browser is sent back to: a 303 to that page
 * with {@code done=<word>}, the word being an enum constant's name in lower case, so that an address never
 * carries text of the user's (no one can link to a page that says something Bellwether did not).
 */
public final class DoneWords {

    public static final String PARAMETER = "done";

    private DoneWords() {
    }

    /** 303 to {@code page} (which may hold a query and a {@code #fragment}) with {@code done=<word>}. */
    public static Response redirect(String page, Enum<?> word) {
        int hash = page.indexOf('#');
        String path = hash < 0 ? page : page.substring(0, hash);
        String fragment = hash < 0 ? "" : page.substring(hash);
        return Response.seeOther(URI.create(path + (path.contains("?") ? "&" : "?") + PARAMETER + "="
                + word.name().toLowerCase(Locale.ROOT) + fragment)).build();
    }

    /** The constant of {@code words} a {@code done} parameter names; empty for none or an unknown word. */
    public static <E extends Enum<E>> Optional<E> of(Class<E> words, String word) {
        return word == null ? Optional.empty() : Arrays.stream(words.getEnumConstants())
                .filter(d -> d.name().toLowerCase(Locale.ROOT).equals(word)).findFirst();
    }
}
