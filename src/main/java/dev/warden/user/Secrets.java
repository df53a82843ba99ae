package dev.warden.user;

import dev.warden.keys.PasswordHasher;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/** Hashes a user's password and security answers off the event loop. */
@Singleton
class Secrets {

    record Hashed(String password, List<UserRow.StoredQuestion> questions) {}

    private final PasswordHasher hasher;

    Secrets(PasswordHasher hasher) {
        this.hasher = hasher;
    }

    Uni<String> password(String password) {
        return hasher.hash(password);
    }

    Uni<Boolean> matches(String secret, String storedHash) {
        return hasher.matches(secret, storedHash);
    }

    Uni<Hashed> all(String password, List<UserRules.Question> questions) {
        return hasher.hash(password).flatMap(hash -> questions(questions).map(q -> new Hashed(hash, q)));
    }

    Uni<List<UserRow.StoredQuestion>> questions(List<UserRules.Question> questions) {
        Uni<List<UserRow.StoredQuestion>> chain = Uni.createFrom().item(new ArrayList<>());
        for (UserRules.Question q : questions) {
            chain = chain.flatMap(
                    list -> hasher.hash(UserRules.normalizeAnswer(q.answer())).map(hash -> {
                        list.add(new UserRow.StoredQuestion(q.question(), hash));
                        return list;
                    }));
        }
        return chain;
    }
}
