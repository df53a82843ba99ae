package dev.warden.support;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;

/** Creating API keys and minting tokens over HTTP, as an app's backend would. */
public final class Keys {

    private Keys() {}

    public record Key(String id, String key) {
        public RequestSpecification request() {
            return given().contentType("application/json").header("X-Api-Key", key);
        }
    }

    public static Map<String, Object> permission(String permissible, String actions) {
        return permission(permissible, actions, "all");
    }

    public static Map<String, Object> permission(String permissible, String actions, String scope) {
        return Map.of(
                "permissibleName", permissible,
                "create", actions.contains("c"),
                "read", actions.contains("r"),
                "update", actions.contains("u"),
                "delete", actions.contains("d"),
                "scope", scope);
    }

    public static Key create(Api api, String adminToken, List<Map<String, Object>> permissions) {
        var body = given().contentType("application/json")
                .auth()
                .oauth2(adminToken)
                .body(Map.of("name", Api.unique("key"), "permissions", permissions))
                .post(api.at("/apikeys"))
                .then()
                .statusCode(201)
                .extract();
        return new Key(body.path("id"), body.path("key"));
    }

    /** Mints a capability token with the key; the status is asserted. */
    public static String mint(Api api, Key key, String subject, List<Map<String, Object>> capabilities) {
        return key.request()
                .body(Map.of("subject", subject, "capabilities", capabilities))
                .post(api.at("/apikeys/tokens"))
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
    }

    /** The JSON payload of a JWT, decoded without trusting it (the test reads what the SDK would). */
    public static String payload(String jwt) {
        return new String(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }
}
