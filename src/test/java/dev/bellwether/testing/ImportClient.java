package dev.bellwether.testing;

import static io.restassured.RestAssured.given;

import java.io.File;
import java.nio.file.Path;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Uploads through the import API as a bearer-token client would. */
public final class ImportClient {

    /** The public sample dataset (seven CSVs, all.zip, expected.json); see its README.md. */
    public static final Path SAMPLE = Path.of("src/test/resources/samples/small");

    private ImportClient() {
    }

    /** A file of the import corpus in {@code src/test/resources/imports}. */
    public static Path corpus(String path) {
        return Path.of("src/test/resources/imports", path);
    }

    /** POST /api/v1/imports with each file as a part named {@code file}. */
    public static Response upload(String token, Path... files) {
        RequestSpecification request = given().auth().oauth2(token);
        for (Path file : files) {
            File f = file.toFile();
            request = request.multiPart("file", f, "application/octet-stream");
        }
        return request.when().post("/api/v1/imports");
    }

    /** POST /api/v1/imports/{kind} with the CSV as the body. */
    public static Response uploadBody(String token, String kind, byte[] csv) {
        return given().auth().oauth2(token).contentType("text/csv").body(csv)
                .when().post("/api/v1/imports/" + kind);
    }

    /** The seven sample files. */
    public static Path[] sampleFiles() {
        return new Path[] { SAMPLE.resolve("accounts.csv"), SAMPLE.resolve("mrr.csv"), SAMPLE.resolve("usage.csv"),
                SAMPLE.resolve("surveys.csv"), SAMPLE.resolve("tickets.csv"), SAMPLE.resolve("activities.csv"),
                SAMPLE.resolve("opportunities.csv") };
    }
}
