package dev.warden.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.warden.account.Verification;
import dev.warden.support.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The admin console (spec §12) in a real headless Chromium, against the real server: every step
 * done in the browser is read back through the public API, and every grant or removal is proven by
 * the affected user's next request.
 */
@QuarkusTest
class ConsoleTest {

    private static Browser browser;

    @TestHTTPResource("/console/")
    URL console;

    private Api api;
    private String admin;

    @BeforeEach
    void freshAccountAndBrowser() throws IOException {
        if (browser == null) browser = new Browser();
        api = Api.freshAccount(Verification.NONE);
        admin = api.admin();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) browser.close();
        browser = null;
    }

    @Test
    void signInAndAddARoleAfterThe400ForANameWithDigits() throws IOException {
        signIn(Api.ADMIN, Api.ADMIN_PASSWORD);

        browser.click("+ Add Role");
        browser.type("new-role-name", "editors2");
        browser.type("new-role-description", "may edit");
        browser.click("Save role");
        assertThat(browser.status("error"), startsWith("400: Role name is invalid and must be alpha characters only"));
        assertThat(rolesNamed("editors"), empty());

        browser.type("new-role-name", "editors");
        browser.click("Save role");
        assertThat(browser.status("notice"), equalTo("Added the role editors."));
        List<Map<String, Object>> added = rolesNamed("editors");
        assertThat(added, hasSize(1));
        assertThat(added.get(0).get("description"), equalTo("may edit"));
        browser.waitForText("may edit");
        browser.screenshot("roles");
    }

    @Test
    void membersAddedByEmailAndAReadGrantActOnTheNextRequest() throws IOException {
        String domain = Api.uniqueLetters("corp") + ".example";
        Api.Session ada = createUser("ada", "ada@" + domain);
        Api.Session bob = createUser("bob", "bob@" + domain);
        String mesh = Api.uniqueLetters("ledger");
        Api.as(admin)
                .body(Map.of("amount", 12))
                .post(api.at("/meshes/" + mesh))
                .then()
                .statusCode(201);
        String roleId = api.createRole(admin, "auditors");
        Api.as(ada.token()).get(api.at("/meshes/" + mesh)).then().statusCode(403);

        signIn(Api.ADMIN, Api.ADMIN_PASSWORD);
        browser.open(console + "#/roles/" + roleId + "/users");
        browser.type("member-search", "@" + domain);
        browser.byId("pick-" + ada.id()).click();
        assertThat(browser.status("notice"), equalTo("Added " + ada.username() + " to auditors."));
        browser.byId("pick-" + bob.id()).click();
        browser.waitForText("Added " + bob.username() + " to auditors.");
        assertThat(memberIds(roleId), containsInAnyOrder(ada.id(), bob.id()));
        browser.waitForText("2 member(s)");
        browser.screenshot("role-users");

        browser.byId("tab-permissions").click();
        browser.type("role-permissible", "meshes." + mesh);
        browser.byId("role-new-read").click();
        browser.click("Add permission");
        assertThat(browser.status("notice"), equalTo("Granted meshes." + mesh + "."));
        List<Map<String, Object>> granted = Api.as(admin)
                .get(api.at("/roles/" + roleId + "/permissions"))
                .then()
                .statusCode(200)
                .extract()
                .path("results");
        assertThat(granted, hasSize(1));
        assertThat(granted.get(0).get("permissibleName"), equalTo("meshes." + mesh));
        assertThat(granted.get(0).get("read"), equalTo(true));
        assertThat(granted.get(0).get("update"), equalTo(false));
        browser.screenshot("role-permissions");
        browser.byId("perm-" + granted.get(0).get("id") + "-update").click();
        browser.waitForText("Saved meshes." + mesh + ".");
        Api.as(admin)
                .get(api.at("/roles/" + roleId + "/permissions"))
                .then()
                .body("results[0].update", equalTo(true))
                .body("results[0].read", equalTo(true));
        Api.as(ada.token())
                .get(api.at("/meshes/" + mesh))
                .then()
                .statusCode(200)
                .body("results[0].amount", equalTo(12));

        browser.byId("tab-users").click();
        browser.click("Remove " + ada.username());
        assertThat(browser.status("notice"), equalTo("Removed " + ada.username() + " from auditors."));
        assertThat(memberIds(roleId), contains(bob.id()));
        Api.as(ada.token()).get(api.at("/meshes/" + mesh)).then().statusCode(403);
        Api.as(bob.token()).get(api.at("/meshes/" + mesh)).then().statusCode(200);
    }

    @Test
    void browseAMeshWithAFilterAndSeeAChangeArriveLive() throws IOException {
        String mesh = Api.uniqueLetters("inventory");
        for (String kind : List.of("bolt", "bolt", "nut", "bolt", "nut")) {
            Api.as(admin)
                    .body(Map.of("kind", kind))
                    .post(api.at("/meshes/" + mesh))
                    .then()
                    .statusCode(201);
        }
        signIn(Api.ADMIN, Api.ADMIN_PASSWORD);
        browser.open(console + "#/meshes");
        WebElement link = browser.find(By.linkText(mesh));
        assertThat(link.findElement(By.xpath("../following-sibling::td")).getText(), equalTo("5"));
        browser.screenshot("meshes");

        link.click();
        browser.type("mesh-filter", "{\"kind\": \"nut\"}");
        browser.click("Apply");
        browser.waitForText("Page 1 of 1 (2 in all)");
        assertThat(browser.rows(), hasSize(2));
        for (WebElement row : browser.rows()) {
            assertThat(row.getText(), allOf(containsString("\"kind\": \"nut\""), not(containsString("bolt"))));
        }

        browser.waitForText("Live updates: on");
        String added = Api.as(admin)
                .body(Map.of("kind", "nut", "size", 8))
                .post(api.at("/meshes/" + mesh))
                .then()
                .statusCode(201)
                .extract()
                .path("_id");
        browser.waitForText("Page 1 of 1 (3 in all)");
        assertThat(browser.pageText(), allOf(containsString(added), containsString("\"size\": 8")));
        browser.screenshot("mesh");

        browser.type("mesh-filter", "{\"kind\": {\"$bogus\": 1}}");
        browser.click("Apply");
        assertThat(browser.status("error"), allOf(startsWith("400: "), containsString("$bogus")));
    }

    @Test
    void editAndDeleteADocumentInTheBrowser() {
        String mesh = Api.uniqueLetters("notes");
        String id = Api.as(admin)
                .body(Map.of("text", "draft"))
                .post(api.at("/meshes/" + mesh))
                .then()
                .statusCode(201)
                .extract()
                .path("_id");
        signIn(Api.ADMIN, Api.ADMIN_PASSWORD);
        browser.open(console + "#/meshes/" + mesh);
        browser.click("Edit " + id);
        browser.type("document-json", "{\"text\": \"final\", \"$bad\": 1}");
        browser.click("Save document");
        assertThat(browser.status("error"), startsWith("400: "));
        document(mesh, id).body("text", equalTo("draft"));

        browser.type("document-json", "{\"text\": \"final\"}");
        browser.click("Save document");
        assertThat(browser.status("notice"), equalTo("Saved " + id + "."));
        document(mesh, id).body("text", equalTo("final"));

        browser.click("Delete " + id);
        browser.driver.switchTo().alert().accept();
        assertThat(browser.status("notice"), equalTo("Deleted " + id + "."));
        Api.as(admin).get(api.at("/meshes/" + mesh + "/" + id)).then().statusCode(404);
    }

    @Test
    void anIndexIsDeclaredAndDroppedOnTheMeshPage() throws IOException {
        String mesh = Api.uniqueLetters("parts");
        Api.as(admin)
                .body(List.of(Map.of("kind", "bolt"), Map.of("kind", "nut")))
                .post(api.at("/meshes/" + mesh))
                .then()
                .statusCode(201);
        signIn(Api.ADMIN, Api.ADMIN_PASSWORD);
        browser.open(console + "#/meshes/" + mesh);
        browser.type("index-name", "byKind");
        browser.type("index-keys", "{\"kind\": 2}");
        browser.click("Declare index");
        assertThat(browser.status("error"), allOf(startsWith("400: "), containsString("must be 1 or -1")));
        Api.as(admin).get(api.at("/meshes/" + mesh + "/indexes")).then().body("size()", equalTo(0));

        browser.type("index-keys", "{\"kind\": 1}");
        browser.click("Declare index");
        assertThat(browser.status("notice"), equalTo("Declared the index byKind."));
        Api.as(admin)
                .get(api.at("/meshes/" + mesh + "/indexes"))
                .then()
                .body("name", contains("byKind"))
                .body("[0].keys.kind", equalTo(1));
        browser.waitForText("{\"kind\":1}");
        browser.screenshot("indexes");

        browser.click("Drop index byKind");
        browser.driver.switchTo().alert().accept();
        assertThat(browser.status("notice"), equalTo("Dropped the index byKind."));
        Api.as(admin).get(api.at("/meshes/" + mesh + "/indexes")).then().body("size()", equalTo(0));
    }

    @Test
    void tenantsAreCreatedAndTheConsoleActsInTheOneChosen() throws IOException {
        String tenant = Api.uniqueLetters("branch");
        signIn(Api.ADMIN, Api.ADMIN_PASSWORD);
        browser.open(console + "#/tenants");
        browser.type("new-tenant-name", tenant);
        browser.click("Create tenant");
        assertThat(browser.status("notice"), equalTo("Created the tenant " + tenant + "."));
        Api.as(admin)
                .queryParam("pageSize", 200)
                .get(api.at("/tenants"))
                .then()
                .body("results.name", org.hamcrest.Matchers.hasItem(tenant));
        browser.screenshot("tenants");

        // Acting in the tenant: a user created from the Users page is the tenant's, not the default's.
        browser.find(By.cssSelector("#acting-tenant option[value='" + tenant + "']"));
        new org.openqa.selenium.support.ui.Select(browser.byId("acting-tenant")).selectByValue(tenant);
        browser.open(console + "#/users");
        String username = Api.unique("ada");
        browser.type("new-user-username", username);
        browser.type("new-user-password", "Correct-horse-9");
        browser.click("Create user");
        assertThat(browser.status("notice"), equalTo("Created " + username + "."));
        api.login(tenant, username, "Correct-horse-9").then().statusCode(200);
        api.login(username, "Correct-horse-9").then().statusCode(400);

        browser.open(console + "#/tenants");
        browser.click("Delete tenant " + tenant);
        browser.driver.switchTo().alert().accept();
        assertThat(browser.status("notice"), equalTo("Deleted the tenant " + tenant + "."));
        api.login(tenant, username, "Correct-horse-9").then().statusCode(400);
        assertThat(browser.find(By.id("acting-tenant")).getText(), not(containsString(tenant)));
    }

    /**
     * A tenant's admin sees what applies in every tenant (roles, permissions, API keys, projection
     * definitions, indexes) without the controls Warden would refuse, and still manages the
     * tenant's role memberships.
     */
    @Test
    void aTenantsAdminSeesAccountWideDefinitionsReadOnly() throws IOException {
        String tenant = Api.uniqueLetters("branch");
        Api.as(admin)
                .body(Map.of("name", tenant))
                .post(api.at("/tenants"))
                .then()
                .statusCode(201);
        String boss = Api.unique("boss");
        String member = Api.unique("member");
        Map<String, String> ids = new java.util.HashMap<>();
        for (String username : List.of(boss, member)) {
            ids.put(
                    username,
                    Api.as(admin)
                            .header("tenant", tenant)
                            .body(Api.activeUserWithRole(
                                    username, username.equals(boss) ? "meshy.admin" : "meshy.user"))
                            .post(api.at("/users"))
                            .then()
                            .statusCode(201)
                            .extract()
                            .path("id"));
        }
        String roleName = Api.uniqueLetters("shared");
        String roleId = api.createRole(admin, roleName);
        String mesh = Api.uniqueLetters("parts");
        Api.as(admin)
                .body(Map.of("permissibleName", "meshes." + mesh, "read", true, "scope", "own"))
                .post(api.at("/roles/" + roleId + "/permissions"))
                .then()
                .statusCode(201);
        String keyName = Api.unique("key");
        Api.as(admin)
                .body(Map.of(
                        "name", keyName, "permissions", List.of(Map.of("permissibleName", "meshes", "read", true))))
                .post(api.at("/apikeys"))
                .then()
                .statusCode(201);
        Api.as(admin)
                .body(Map.of("kind", "bolt"))
                .post(api.at("/meshes/" + mesh))
                .then()
                .statusCode(201);
        Api.as(admin)
                .body(Map.of("name", "byKind", "keys", Map.of("kind", 1)))
                .post(api.at("/meshes/" + mesh + "/indexes"))
                .then()
                .statusCode(201);
        String view = Api.uniqueLetters("view");
        Api.as(admin)
                .body(Map.of("name", view, "mesh", mesh, "pipeline", List.of(Map.of("$match", Map.of()))))
                .post(api.at("/projections"))
                .then()
                .statusCode(201);

        signIn(boss, Api.PASSWORD, tenant);
        browser.waitForText(roleName);
        browser.byId("account-wide-note");
        assertThat(browser.hasButton("+ Add Role"), equalTo(false));
        assertThat(browser.hasButton("Delete " + roleName), equalTo(false));
        // Bound to its tenant: no tenant list to act in, no Tenants page.
        assertThat(browser.driver.findElement(By.id("acting")).isDisplayed(), equalTo(false));
        assertThat(browser.driver.findElement(By.id("tenants-link")).isDisplayed(), equalTo(false));
        browser.screenshot("tenant-admin-roles");

        browser.open(console + "#/roles/" + roleId + "/permissions");
        browser.waitForText("read (own documents)");
        browser.byId("account-wide-note");
        assertThat(browser.hasButton("Add permission"), equalTo(false));
        assertThat(browser.hasButton("Delete meshes." + mesh), equalTo(false));

        browser.open(console + "#/apikeys");
        browser.waitForText(keyName);
        browser.byId("account-wide-note");
        assertThat(browser.hasButton("+ Create API key"), equalTo(false));
        assertThat(browser.hasButton("Revoke " + keyName), equalTo(false));

        browser.open(console + "#/projections");
        browser.find(By.xpath("//button[@aria-label='Preview " + view + "']"));
        assertThat(browser.hasButton("+ New projection"), equalTo(false));
        assertThat(browser.hasButton("Edit " + view), equalTo(false));

        browser.open(console + "#/meshes/" + mesh);
        browser.waitForText("{\"kind\":1}");
        browser.byId("account-wide-note");
        assertThat(browser.hasButton("Declare index"), equalTo(false));
        assertThat(browser.hasButton("Drop index byKind"), equalTo(false));

        // Memberships are the tenant's own: its admin adds the tenant's user, and it holds the role.
        browser.open(console + "#/roles/" + roleId + "/users");
        browser.type("member-search", member);
        browser.byId("pick-" + ids.get(member)).click();
        assertThat(browser.status("notice"), equalTo("Added " + member + " to " + roleName + "."));
        Api.as(admin)
                .header("tenant", tenant)
                .queryParam("roleId", roleId)
                .get(api.at("/users"))
                .then()
                .statusCode(200)
                .body("results.username", contains(member));
    }

    @Test
    void anApiKeyIsShownExactlyOnceAndWorks() throws IOException {
        String mesh = Api.uniqueLetters("reports");
        Api.as(admin)
                .body(Map.of("total", 3))
                .post(api.at("/meshes/" + mesh))
                .then()
                .statusCode(201);
        signIn(Api.ADMIN, Api.ADMIN_PASSWORD);
        browser.open(console + "#/apikeys");
        browser.click("+ Create API key");
        browser.type("key-name", "reporting");
        browser.type("key-permissible", "meshes." + mesh);
        browser.byId("key-new-read").click();
        browser.click("Add permission");
        browser.waitForText("meshes." + mesh);
        browser.click("Create key");
        String key = browser.byId("new-key-value").getText();
        assertThat(key, startsWith("wk_"));
        assertThat(key.length() >= 35, equalTo(true));
        browser.screenshot("apikeys");

        given().header("X-Api-Key", key)
                .get(api.at("/meshes/" + mesh))
                .then()
                .statusCode(200)
                .body("results[0].total", equalTo(3));
        given().header("X-Api-Key", key).get(api.at("/users")).then().statusCode(403);

        browser.click("I have copied it");
        browser.waitUntil(() -> !browser.driver.getPageSource().contains(key));
        browser.open(console + "#/roles");
        browser.driver.navigate().refresh();
        signIn(Api.ADMIN, Api.ADMIN_PASSWORD);
        browser.open(console + "#/apikeys");
        browser.waitForText("reporting");
        assertThat(browser.driver.getPageSource(), not(containsString(key)));
        assertThat(Api.as(admin).get(api.at("/apikeys")).asString(), not(containsString(key)));
    }

    @Test
    void theTokenLivesInMemoryOnlyAndSigningOutRevokesIt() throws Exception {
        long before = liveRefreshTokens(); // the test's own sign-in as the admin holds one
        signIn(Api.ADMIN, Api.ADMIN_PASSWORD);
        assertThat(liveRefreshTokens(), equalTo(before + 1));
        Object stored = browser.driver.executeScript(
                "return JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie");
        assertThat((String) stored, allOf(not(containsString("eyJ")), not(containsString("access_token"))));

        browser.click("Sign out");
        assertThat(browser.byId("sign-in-page").isDisplayed(), equalTo(true));
        browser.waitUntil(() -> liveRefreshTokens() == before); // revoked through /connect/revocation
        browser.open(console + "#/users");
        assertThat(browser.byId("sign-in-page").isDisplayed(), equalTo(true));
        assertThat(browser.driver.findElements(By.cssSelector("#page table")), empty());
    }

    @Test
    void aRefusalIsShownWithItsReason() {
        String username = api.register();
        signIn(username, Api.PASSWORD);
        assertThat(browser.status("error"), equalTo("403: insufficient permission to read roles"));
        browser.open(console + "#/apikeys");
        assertThat(browser.status("error"), equalTo("403: insufficient permission to read apiKeys"));
    }

    @Test
    void usersAreCreatedAndDeactivatedFromTheUsersPage() throws IOException {
        signIn(Api.ADMIN, Api.ADMIN_PASSWORD);
        browser.open(console + "#/users");
        browser.type("new-user-username", "grace");
        browser.type("new-user-password", "Correct-horse-9");
        browser.type("new-user-email", "grace@navy.example");
        browser.click("Create user");
        assertThat(browser.status("notice"), equalTo("Created grace."));
        api.login("grace", "Correct-horse-9").then().statusCode(200);
        browser.screenshot("users");

        browser.click("Deactivate grace");
        assertThat(browser.status("notice"), equalTo("grace is now inactive."));
        api.login("grace", "Correct-horse-9").then().statusCode(400);
        browser.waitForText("inactive");
    }

    @Test
    void aProjectionIsDefinedAndPreviewed() throws IOException {
        String mesh = Api.uniqueLetters("orders");
        for (int amount : List.of(5, 7, 30)) {
            Api.as(admin)
                    .body(Map.of("amount", amount))
                    .post(api.at("/meshes/" + mesh))
                    .then()
                    .statusCode(201);
        }
        signIn(Api.ADMIN, Api.ADMIN_PASSWORD);
        browser.open(console + "#/projections");
        browser.click("+ New projection");
        browser.type("projection-name", "small");
        browser.type("projection-mesh", mesh);
        browser.type(
                "projection-pipeline", "[{\"$match\": {\"amount\": {\"$lt\": 10}}}, {\"$project\": {\"amount\": 1}}]");
        browser.click("Save projection");
        assertThat(browser.status("notice"), equalTo("Saved small."));
        String preview = browser.byId("projection-preview").getText();
        assertThat(
                preview,
                allOf(
                        containsString("\"amount\": 5"),
                        containsString("\"amount\": 7"),
                        not(containsString("\"amount\": 30"))));
        Api.as(admin)
                .get(api.at("/projections/small/definition"))
                .then()
                .statusCode(200)
                .body("mesh", equalTo(mesh))
                .body("pipeline[0].$match.amount.$lt", equalTo(10));
        browser.screenshot("projections");
    }

    @Test
    void explainAndAuditAnswerInTheBrowser() throws IOException {
        String username = api.register();
        Api.as(admin).get(api.at("/users")).then().statusCode(200);
        given().header("Authorization", "Bearer " + api.loginToken(username, Api.PASSWORD))
                .get(api.at("/roles"))
                .then()
                .statusCode(403);
        signIn(Api.ADMIN, Api.ADMIN_PASSWORD);
        browser.open(console + "#/explain");
        browser.type("explain-who", username);
        browser.type("explain-permissible", "meshes.orders");
        browser.click("Explain decision");
        WebElement answer = browser.byId("explain-answer");
        assertThat(answer.getText(), allOf(startsWith("Denied"), containsString("no role of " + username)));
        browser.screenshot("explain");

        // Refusals are written in batches every 2 s: flush, so a fast run does not beat the batch.
        io.quarkus.arc.Arc.container()
                .instance(dev.warden.audit.DenialRecorder.class)
                .get()
                .flush()
                .await()
                .atMost(java.time.Duration.ofSeconds(10));
        browser.open(console + "#/audit");
        browser.type("audit-action", "access.denied");
        browser.click("Filter");
        browser.waitForText("roles");
        assertThat(browser.rows(), not(empty()));
        for (WebElement row : browser.rows()) assertThat(row.getText(), containsString("access.denied"));
        browser.screenshot("audit");
    }

    /**
     * A web app served from another origin (a JDK HTTP server on another port) signs in and reads
     * /users/me with fetch, the way the MeshyDB JS SDK does: it works for the account that lists
     * that origin, and the browser blocks it for an account that does not.
     */
    @Test
    void aPageOnAnotherOriginCallsWardenOnlyWhereItsAccountListsIt() throws Exception {
        com.sun.net.httpserver.HttpServer app =
                com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("localhost", 0), 0);
        app.createContext("/app.html", exchange -> {
            byte[] page = APP_PAGE.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        app.start();
        try {
            String origin = "http://localhost:" + app.getAddress().getPort();
            String listing = Api.uniqueLetters("webapp");
            io.quarkus.arc.Arc.container()
                    .instance(dev.warden.boot.AccountService.class)
                    .get()
                    .ensure(new dev.warden.account.AccountSpec(
                            listing,
                            true,
                            true,
                            Verification.NONE,
                            java.util.Optional.of(listing + "-client"),
                            Api.ADMIN,
                            java.util.Optional.of(Api.ADMIN_PASSWORD),
                            List.of(origin)))
                    .await()
                    .atMost(java.time.Duration.ofSeconds(30));
            String warden = "http://localhost:" + console.getPort();

            browser.open(origin + "/app.html?warden=" + warden + "&account=" + listing + "&client=" + listing
                    + "-client&pw=" + Api.ADMIN_PASSWORD);
            browser.waitUntil(() -> !browser.byId("out").getText().equals("pending"));
            assertThat(browser.byId("out").getText(), equalTo("status 200 admin"));

            // api (this test's fresh account) lists only its own origin, not this page's
            browser.open(origin + "/app.html?warden=" + warden + "&account=" + api.account() + "&client="
                    + api.clientId() + "&pw=" + Api.ADMIN_PASSWORD);
            browser.waitUntil(() -> !browser.byId("out").getText().equals("pending"));
            assertThat(browser.byId("out").getText(), startsWith("blocked"));
        } finally {
            app.stop(0);
        }
    }

    private static final String APP_PAGE =
            """
            <!doctype html><p id="out">pending</p>
            <script>
            (async () => {
              const p = new URLSearchParams(location.search), out = document.getElementById("out");
              const base = p.get("warden") + "/" + p.get("account");
              try {
                const t = await fetch(base + "/connect/token", { method: "POST",
                  headers: { "Content-Type": "application/x-www-form-urlencoded" },
                  body: new URLSearchParams({ client_id: p.get("client"), grant_type: "password",
                    username: "admin", password: p.get("pw"), scope: "meshy.api" }) });
                const token = (await t.json()).access_token;
                const me = await fetch(base + "/users/me", { headers: { Authorization: "Bearer " + token } });
                out.textContent = "status " + me.status + " " + (await me.json()).username;
              } catch (e) {
                out.textContent = "blocked: " + e.name;
              }
            })();
            </script>
            """;

    private void signIn(String username, String password) {
        signIn(username, password, "");
    }

    private void signIn(String username, String password, String tenant) {
        browser.open(console.toString());
        browser.driver.navigate().refresh(); // a fresh page: nothing signed in from an earlier test
        browser.type("account", api.account());
        browser.type("client-id", api.clientId());
        browser.type("username", username);
        browser.type("password", password);
        browser.type("sign-in-tenant", tenant);
        browser.click("Sign in");
        browser.find(By.id("whoami"));
        browser.waitForText(username + " in " + api.account());
    }

    /** The admin's refresh tokens that still work, read from the database. */
    private long liveRefreshTokens() {
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                        config.getValue("quarkus.datasource.jdbc.url", String.class),
                        config.getValue("quarkus.datasource.username", String.class),
                        config.getValue("quarkus.datasource.password", String.class));
                java.sql.PreparedStatement q = c.prepareStatement("select count(*) from refresh_tokens t join users u"
                        + " on u.account = t.account and u.id = t.user_id where t.account = ? and u.username = ?"
                        + " and t.revoked_at is null")) {
            q.setString(1, api.account());
            q.setString(2, Api.ADMIN);
            try (java.sql.ResultSet row = q.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Api.Session createUser(String first, String email) {
        String username = Api.unique(first);
        Api.as(admin)
                .body(Map.of(
                        "username",
                        username,
                        "newPassword",
                        Api.PASSWORD,
                        "firstName",
                        first,
                        "emailAddress",
                        email,
                        "isActive",
                        true,
                        "verified",
                        true))
                .post(api.at("/users"))
                .then()
                .statusCode(201);
        return api.session(username, Api.PASSWORD);
    }

    private List<Map<String, Object>> rolesNamed(String name) {
        return Api.as(admin)
                .queryParam("name", name)
                .get(api.at("/roles"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("results");
    }

    private List<String> memberIds(String roleId) {
        JsonPath page = Api.as(admin)
                .queryParam("roleId", roleId)
                .queryParam("activeOnly", "False")
                .get(api.at("/users"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        return page.getList("results.id");
    }

    private io.restassured.response.ValidatableResponse document(String mesh, String id) {
        return Api.as(admin)
                .contentType(ContentType.JSON)
                .get(api.at("/meshes/" + mesh + "/" + id))
                .then()
                .statusCode(200);
    }
}
