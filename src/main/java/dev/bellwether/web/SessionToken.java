package dev.bellwether.web;

/**
 * The current request's CSRF token, as its forms carry it; empty for an anonymous request. A region
 * reused across viewers ({@link RenderedRegions}) keeps a mark in its place and gets each viewer's own.
 */
public interface SessionToken {

    String getToken();
}
