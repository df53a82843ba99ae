package dev.warden.user;

import dev.warden.api.ApiException;
import dev.warden.api.Body;
import dev.warden.keys.PasswordHasher;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Validation of what users send: names, passwords, contact details, security questions. */
public final class UserRules {

    static final int MAX_NAME = 128;
    static final int MIN_PASSWORD = 8;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern PHONE = Pattern.compile("^\\+?[0-9][0-9 ().\\-]{5,24}$");

    private UserRules() {}

    record Question(String question, String answer) {}

    static String username(Body body) {
        String username = body.requiredString("username");
        return checkedUsername(username);
    }

    /**
     * A username as stored: NFKC-normalised, so look-alike forms (full-width letters, ligatures)
     * are one name. Spaces, control characters and invisible format characters (zero-width,
     * bidirectional overrides) are refused: they make two names that look the same.
     */
    static String checkedUsername(String username) {
        String normalized = normalizeUsername(username);
        if (normalized.isEmpty()) {
            throw ApiException.badRequest("username is required");
        }
        if (normalized.length() > MAX_NAME) {
            throw ApiException.badRequest("username must be at most " + MAX_NAME + " characters");
        }
        if (normalized.codePoints().anyMatch(UserRules::invisible)) {
            throw ApiException.badRequest(
                    "username may not contain spaces, control, zero-width or bidirectional-override characters");
        }
        return normalized;
    }

    /** The form every username is stored and looked up in. */
    public static String normalizeUsername(String username) {
        return Normalizer.normalize(username.trim(), Normalizer.Form.NFKC);
    }

    private static boolean invisible(int c) {
        int type = Character.getType(c);
        return Character.isWhitespace(c)
                || Character.isSpaceChar(c)
                || type == Character.CONTROL
                || type == Character.FORMAT
                || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE
                || type == Character.SURROGATE
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }

    static String password(Body body, String key) {
        String password = body.string(key).orElse("");
        if (password.isEmpty()) {
            throw ApiException.badRequest(key + " is required");
        }
        return checkedPassword(password);
    }

    static String checkedPassword(String password) {
        if (password.length() < MIN_PASSWORD) {
            throw ApiException.badRequest("Password is too weak: use at least " + MIN_PASSWORD + " characters");
        }
        if (!PasswordHasher.fits(password)) {
            throw ApiException.badRequest("Password is too long: at most " + PasswordHasher.MAX_BYTES + " bytes");
        }
        return password;
    }

    /** An optional text field: trimmed, empty becomes null, length bounded. */
    static String optionalText(Body body, String key) {
        String value = body.string(key).map(String::trim).orElse(null);
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > MAX_NAME) {
            throw ApiException.badRequest(key + " must be at most " + MAX_NAME + " characters");
        }
        return value;
    }

    static String email(String value) {
        if (value != null && (value.length() > 254 || !EMAIL.matcher(value).matches())) {
            throw ApiException.badRequest("emailAddress is not a valid email address");
        }
        return value;
    }

    static String phone(String value) {
        if (value != null && !PHONE.matcher(value).matches()) {
            throw ApiException.badRequest("phoneNumber is not a valid phone number");
        }
        return value;
    }

    static List<Question> questions(Body body) {
        List<Question> questions = new ArrayList<>();
        for (Body item : body.objects("securityQuestions").orElse(List.of())) {
            String question = item.requiredString("question");
            String answer = item.requiredString("answer");
            if (question.length() > 512 || !PasswordHasher.fits(normalizeAnswer(answer))) {
                throw ApiException.badRequest("securityQuestions entries are too long");
            }
            questions.add(new Question(question, answer));
        }
        if (questions.size() > 10) {
            throw ApiException.badRequest("At most 10 securityQuestions are allowed");
        }
        return questions;
    }

    /** Answers compare without regard to case or surrounding space. */
    static String normalizeAnswer(String answer) {
        return answer.trim().toLowerCase(Locale.ROOT);
    }
}
