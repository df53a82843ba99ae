package dev.warden.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.support.EndpointCatalog;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The closed list of operations: each has coherent semantics, and endpoints and operations cover each other. */
class OperationTest {

    @ParameterizedTest
    @EnumSource(Operation.class)
    void everyOperationAsksWhatItsKindHas(Operation operation) {
        assertTrue(operation.kind().supports(operation.action()), operation + " asks an unsupported action");
        // Operations on meshes and projections are always about the one the path names.
        boolean named = operation.kind() == PermissibleKind.MESHES || operation.kind() == PermissibleKind.PROJECTIONS;
        assertEquals(named, operation.pathParameter().isPresent(), operation.toString());
        assertTrue(operation.target("orders").isPresent(), operation.toString());
        if (named) {
            assertTrue(operation.target("or1ders").isEmpty(), "a target is a name, never a pattern or junk");
            assertTrue(operation.target("ord*").isEmpty(), "a target is a name, never a pattern");
        }
    }

    @Test
    void everyOperationIsPerformedBySomeEndpoint() {
        Set<Operation> used = EnumSet.noneOf(Operation.class);
        for (EndpointCatalog.Endpoint endpoint : EndpointCatalog.mainEndpoints()) {
            if (endpoint.requires() != null) used.add(endpoint.requires().value());
        }
        Set<String> unused = new TreeSet<>();
        for (Operation operation : Operation.values()) {
            if (!used.contains(operation)) unused.add(operation.name());
        }
        assertEquals(Set.of(), unused, "operations no endpoint performs");
    }

    @Test
    void aTransferNeedsTheGrantWithScopeAll() {
        Permission own = new Permission(Permissible.mesh("orders"), EnumSet.of(Action.UPDATE), Scope.OWN);
        Caller caller = new Caller(
                "a",
                "u",
                "ada",
                false,
                false,
                Set.of("writers"),
                PermissionSet.of("writers", java.util.List.of(own)),
                "");
        Permissible orders = Permissible.mesh("orders");
        assertTrue(
                AccessPolicy.decide(caller, Operation.REPLACE_DOCUMENT, orders).allowed());
        assertEquals(
                Scope.OWN,
                AccessPolicy.decide(caller, Operation.REPLACE_DOCUMENT, orders).scope());
        assertTrue(!AccessPolicy.decide(caller, Operation.TRANSFER_DOCUMENT, orders)
                .allowed());
    }
}
