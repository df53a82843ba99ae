package dev.warden.hardening;

import static dev.warden.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.warden.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec §8: ETag / If-Match on single documents; numbers the store cannot hold are 400, not 500. */
@QuarkusTest
class DocumentIntegrityTest {

    String admin;

    /** HTTP only inside tests: Quarkus points RestAssured at the server per test, not at construction. */
    @BeforeEach
    void signIn() {
        admin = Api.adminToken();
    }

    private String create(String mesh, String body) {
        return as(admin)
                .body(body)
                .post(Api.path("/meshes/" + mesh))
                .then()
                .statusCode(201)
                .extract()
                .path("_id");
    }

    @Test
    void versionsAreETagsAndIfMatchRefusesAStaleWrite() {
        String mesh = Api.uniqueLetters("etag");
        String id = create(mesh, "{\"n\": 1}");
        String path = Api.path("/meshes/" + mesh + "/" + id);
        as(admin).get(path).then().statusCode(200).header("ETag", "\"1\"");
        as(admin)
                .header("If-Match", "\"1\"")
                .body("{\"n\": 2}")
                .put(path)
                .then()
                .statusCode(200)
                .header("ETag", "\"2\"");
        as(admin)
                .header("If-Match", "\"1\"")
                .body("{\"n\": 99}")
                .put(path)
                .then()
                .statusCode(412)
                .body("message", containsString("has changed"));
        as(admin).header("If-Match", "\"1\"").delete(path).then().statusCode(412);
        as(admin).get(path).then().statusCode(200).header("ETag", "\"2\"").body("n", equalTo(2));
        // PATCH moves the version on too, so a reader's ETag goes stale.
        as(admin)
                .body("{\"filter\": {\"_id\": \"" + id + "\"}, \"update\": {\"$inc\": {\"n\": 1}}}")
                .patch(Api.path("/meshes/" + mesh))
                .then()
                .statusCode(200);
        as(admin).header("If-Match", "\"2\"").delete(path).then().statusCode(412);
        as(admin).header("If-Match", "W/\"3\"").delete(path).then().statusCode(204);
        as(admin).get(path).then().statusCode(404);
        as(admin).header("If-Match", "\"3\"").body("{}").put(path).then().statusCode(404);
    }

    @Test
    void withoutIfMatchWritesAreUnconditional() {
        String mesh = Api.uniqueLetters("plain");
        String id = create(mesh, "{\"n\": 1}");
        String path = Api.path("/meshes/" + mesh + "/" + id);
        as(admin).body("{\"n\": 5}").put(path).then().statusCode(200).header("ETag", "\"2\"");
        as(admin).header("If-Match", "*").body("{\"n\": 6}").put(path).then().statusCode(200);
        as(admin)
                .header("If-Match", "not-a-version")
                .body("{\"n\": 7}")
                .put(path)
                .then()
                .statusCode(412);
    }

    /** 8 clients x 10 read-modify-write increments with If-Match and retry on 412: none lost. */
    @Test
    void readModifyWriteWithIfMatchLosesNoUpdate() {
        String mesh = Api.uniqueLetters("counter");
        String id = create(mesh, "{\"n\": 0}");
        String path = Api.path("/meshes/" + mesh + "/" + id);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Void>> clients = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                clients.add(CompletableFuture.runAsync(
                        () -> {
                            for (int i = 0; i < 10; i++) {
                                while (true) {
                                    Response read = as(admin).get(path);
                                    int n = read.path("n");
                                    int status = as(admin)
                                            .header("If-Match", read.header("ETag"))
                                            .body("{\"n\": " + (n + 1) + "}")
                                            .put(path)
                                            .statusCode();
                                    if (status == 200) break;
                                    assertEquals(412, status);
                                }
                            }
                        },
                        threads));
            }
            clients.forEach(CompletableFuture::join);
        } finally {
            threads.shutdownNow();
        }
        as(admin).get(path).then().body("n", equalTo(80)).header("ETag", "\"81\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e999999", "-1e999999", "1e-999999", "-1e-999999", "1e131073"})
    void numbersBeyondTheStoreAre400AndWriteNothing(String number) {
        String mesh = Api.uniqueLetters("huge");
        String id = create(mesh, "{\"n\": 1}");
        as(admin)
                .body("{\"a\": " + number + "}")
                .post(Api.path("/meshes/" + mesh))
                .then()
                .statusCode(400)
                .body("message", containsString("outside the range"));
        as(admin)
                .body("[{\"a\": 1}, {\"a\": [" + number + "]}]")
                .post(Api.path("/meshes/" + mesh))
                .then()
                .statusCode(400);
        as(admin)
                .body("{\"deep\": {\"a\": " + number + "}}")
                .put(Api.path("/meshes/" + mesh + "/" + id))
                .then()
                .statusCode(400);
        as(admin)
                .body("{\"filter\": {}, \"update\": {\"$set\": {\"a\": " + number + "}}}")
                .patch(Api.path("/meshes/" + mesh))
                .then()
                .statusCode(400);
        as(admin)
                .get(Api.path("/meshes/" + mesh))
                .then()
                .statusCode(200)
                .body("totalRecords", equalTo(1))
                .body("results[0].n", equalTo(1))
                .body("results[0].a", equalTo(null));
    }

    @Test
    void largeButStorableNumbersAreKeptExactly() {
        String mesh = Api.uniqueLetters("big");
        String id = create(mesh, "{\"a\": 1e300, \"b\": 0.000000000000000000001}");
        String body = as(admin).get(Api.path("/meshes/" + mesh + "/" + id)).asString();
        org.junit.jupiter.api.Assertions.assertTrue(body.contains("0.000000000000000000001"), body);
    }
}
