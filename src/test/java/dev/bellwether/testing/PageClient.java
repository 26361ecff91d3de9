package dev.bellwether.testing;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;

/** Requests as a signed-in browser page makes them: with the CSRF cookie and header htmx sends. */
public final class PageClient {

    private PageClient() {
    }

    /** A request carrying a valid CSRF token (fetched from {@code page}), as htmx sends it. */
    public static RequestSpecification htmx(String page) {
        String token = given().when().get(page).then().statusCode(200).extract().cookie("bw-csrf");
        return given().cookie("bw-csrf", token).header("X-CSRF-Token", token).header("HX-Request", "true");
    }

    /** A plain form post from {@code page}, as a browser without JavaScript sends it (the token in the form). */
    public static RequestSpecification form(String page) {
        String token = given().when().get(page).then().statusCode(200).extract().cookie("bw-csrf");
        return given().cookie("bw-csrf", token).formParam("csrf-token", token).redirects().follow(false);
    }
}
