package dev.warden.user;

import java.time.Instant;
import java.util.List;

/** A stored user with its role memberships, as read from the database. */
public record UserRow(
        String id,
        String username,
        String passwordHash,
        String firstName,
        String lastName,
        String phoneNumber,
        String emailAddress,
        boolean verified,
        boolean active,
        boolean anonymous,
        List<StoredQuestion> securityQuestions,
        Instant createdAt,
        Instant lastAccessed,
        List<Membership> roles,
        int sessionEpoch) {

    public record StoredQuestion(String question, String answerHash) {}

    public record Membership(String name, Instant addedDate) {}

    public List<String> roleNames() {
        return roles.stream().map(Membership::name).toList();
    }
}
