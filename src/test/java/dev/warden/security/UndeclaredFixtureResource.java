package dev.warden.security;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** A test-only endpoint that forgot to declare its requirement: the filter must deny it. */
@Path("/{account}/test-fixtures")
public class UndeclaredFixtureResource {

    @GET
    @Path("/undeclared")
    public String undeclared() {
        return "this must never be served";
    }

    @GET
    @Path("/twice")
    @Public
    @SignedIn
    public String declaredTwice() {
        return "this must never be served either";
    }
}
