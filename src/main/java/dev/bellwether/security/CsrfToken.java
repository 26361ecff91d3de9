package dev.bellwether.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

import dev.bellwether.web.SessionToken;

/**
 * The CSRF token of the current page request. Templates put it in forms
 * ({@code inject:csrf.parameterName} / {@code inject:csrf.token}) and on {@code <body hx-headers>}
 * so every htmx request sends it as {@code X-CSRF-Token}.
 */
@RequestScoped
@Named("csrf")
public class CsrfToken implements SessionToken {

    private String token = "";
    private boolean issued;

    @Override
    public String getToken() {
        return token;
    }

    public String getParameterName() {
        return CsrfFilter.FORM_FIELD;
    }

    public String getHeaderName() {
        return CsrfFilter.HEADER;
    }

    void use(String token, boolean issued) {
        this.token = token;
        this.issued = issued;
    }

    boolean isIssued() {
        return issued;
    }
}
