package dev.warden.user;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;

/** The user object every user endpoint answers with: never a password, never an answer in clear. */
@JsonPropertyOrder({
    "id",
    "username",
    "firstName",
    "lastName",
    "verified",
    "isActive",
    "phoneNumber",
    "emailAddress",
    "roles",
    "securityQuestions",
    "anonymous",
    "lastAccessed"
})
public record UserView(
        String id,
        String username,
        String firstName,
        String lastName,
        boolean verified,
        @JsonProperty("isActive") boolean isActive,
        String phoneNumber,
        String emailAddress,
        List<UserRow.Membership> roles,
        List<UserRow.StoredQuestion> securityQuestions,
        boolean anonymous,
        Instant lastAccessed) {

    public static UserView of(UserRow row) {
        return new UserView(
                row.id(),
                row.username(),
                row.firstName(),
                row.lastName(),
                row.verified(),
                row.active(),
                row.phoneNumber(),
                row.emailAddress(),
                row.roles(),
                // Never the stored hash: it would invite offline guessing of the answer.
                row.securityQuestions().stream()
                        .map(q -> new UserRow.StoredQuestion(q.question(), ""))
                        .toList(),
                row.anonymous(),
                row.lastAccessed());
    }
}
