package dev.warden.user;

import dev.warden.api.Body;

/** The names and contact details a user may edit. */
record Contact(String firstName, String lastName, String phoneNumber, String emailAddress) {

    static Contact of(Body body) {
        return new Contact(
                UserRules.optionalText(body, "firstName"),
                UserRules.optionalText(body, "lastName"),
                UserRules.phone(UserRules.optionalText(body, "phoneNumber")),
                UserRules.email(UserRules.optionalText(body, "emailAddress")));
    }

    /** For an edit: what the body leaves out keeps its stored value. */
    static Contact edit(Body body, UserRow current) {
        Contact sent = of(body);
        return new Contact(
                body.has("firstName") ? sent.firstName() : current.firstName(),
                body.has("lastName") ? sent.lastName() : current.lastName(),
                body.has("phoneNumber") ? sent.phoneNumber() : current.phoneNumber(),
                body.has("emailAddress") ? sent.emailAddress() : current.emailAddress());
    }
}
