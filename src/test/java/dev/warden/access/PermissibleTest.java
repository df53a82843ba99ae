package dev.warden.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PermissibleTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "meshes",
                "meshes.orders",
                "projections",
                "projections.publicPeople",
                "users",
                "roles",
                "projectionDefinitions"
            })
    void knownNamesParseAndPrintBack(String name) {
        assertEquals(name, Permissible.parse(name).orElseThrow().name());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "Meshes",
                "meshes.",
                "meshes.a1",
                "meshes.or-ders",
                "meshes.orders.x",
                "users.bob",
                "roles.x",
                "projectionDefinitions.x",
                "documents",
                "meshes.'; drop table users; --",
                " meshes"
            })
    void everythingElseIsUnknown(String name) {
        assertTrue(Permissible.parse(name).isEmpty(), name);
    }

    @ParameterizedTest
    @CsvSource({
        "meshes, meshes.orders, true",
        "meshes.orders, meshes, true",
        "meshes, meshes, false",
        "meshes.orders, meshes.payments, false",
        "meshes, projections.x, false",
        "projections, projections.x, true",
        "users, roles, false",
    })
    void broadAndSpecificOfOneKindOverlap(String a, String b, boolean overlap) {
        assertEquals(
                overlap,
                Permissible.parse(a).orElseThrow().overlaps(Permissible.parse(b).orElseThrow()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"projections", "projections.x"})
    void projectionsAreReadOnly(String name) {
        Permissible permissible = Permissible.parse(name).orElseThrow();
        assertTrue(permissible.supports(Action.READ));
        assertFalse(permissible.supports(Action.CREATE));
        assertFalse(permissible.supports(Action.UPDATE));
        assertFalse(permissible.supports(Action.DELETE));
    }
}
