package dev.warden.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.access.Action;
import dev.warden.access.Caller;
import dev.warden.access.Permissible;
import dev.warden.api.ApiException;
import dev.warden.api.Ids;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Decision hooks (spec §10.3): after the roles allowed a request, every hook covering its action
 * and permissible is asked over HTTP, signed with the hook's secret. A hook can only narrow: it is
 * never asked about a refused request, and its answer can only turn an allow into a 403.
 */
@Singleton
public class HookGate {

    public static final String DENIED_BY_HOOK = "denied_by_hook";
    public static final String HOOK_UNAVAILABLE = "hook_unavailable";

    private final AccessCache cache;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final DenialSink denials;
    private final HttpClient client;

    public HookGate(AccessCache cache, ObjectMapper json, MeterRegistry meters, DenialSink denials, Vertx vertx) {
        this.cache = cache;
        this.json = json;
        this.meters = meters;
        this.denials = denials;
        this.client = vertx.createHttpClient(
                new HttpClientOptions().setMaxPoolSize(64).setKeepAlive(true));
    }

    /**
     * What the request asks, as a hook is told it; {@code tenant} is the one the request acts in
     * ("", the default tenant, is sent as null).
     */
    public record Question(
            String account,
            String tenant,
            Caller caller,
            Action action,
            Permissible target,
            Optional<String> documentId,
            Optional<JsonNode> document) {}

    /** The hooks that must be asked about {@code action} on {@code target}. */
    public Uni<List<AccessStore.HookGrant>> hooksFor(String account, Action action, Permissible target) {
        return cache.hooks(account)
                .map(hooks ->
                        hooks.stream().filter(h -> h.applies(action, target)).toList());
    }

    /** Whether no hook applies, known without waiting (the account's hooks are loaded): the common case. */
    public boolean knownNone(String account, Action action, Permissible target) {
        return cache.loadedHooks(account)
                .filter(hooks -> hooks.stream().noneMatch(h -> h.applies(action, target)))
                .isPresent();
    }

    /** Asks every hook; fails with a 403 {@link ApiException} when one refuses or cannot answer. */
    public Uni<Void> ask(List<AccessStore.HookGrant> hooks, Question question) {
        if (hooks.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String requestId = Ids.next();
        List<Uni<Optional<ApiException>>> answers =
                hooks.stream().map(hook -> call(hook, question, requestId)).toList();
        return Uni.join().all(answers).andFailFast().map(refusals -> {
            for (Optional<ApiException> refusal : refusals) {
                if (refusal.isPresent()) throw refusal.get();
            }
            return null;
        });
    }

    private Uni<Optional<ApiException>> call(AccessStore.HookGrant hook, Question question, String requestId) {
        byte[] body = body(question, requestId);
        RequestOptions options = new RequestOptions()
                .setAbsoluteURI(hook.url())
                .setMethod(HttpMethod.POST)
                .setTimeout(hook.timeoutMs())
                .putHeader("Content-Type", "application/json")
                .putHeader("X-Warden-Signature", "sha256=" + sign(hook.secret(), body));
        long started = System.nanoTime();
        return client.request(options)
                .flatMap(request -> request.send(Buffer.buffer(body)))
                .flatMap(response -> response.body().map(answer -> verdict(response.statusCode(), answer)))
                .ifNoItem()
                .after(Duration.ofMillis(hook.timeoutMs()))
                .fail()
                .onFailure()
                .recoverWithItem(failure -> Verdict.UNAVAILABLE)
                .map(verdict -> outcome(hook, question, verdict, started));
    }

    private record Verdict(Boolean allow, String message) {
        static final Verdict UNAVAILABLE = new Verdict(null, null);
    }

    private Verdict verdict(int status, Buffer answer) {
        if (status < 200 || status > 299) return Verdict.UNAVAILABLE;
        try {
            JsonNode node = json.readTree(answer.getBytes());
            JsonNode allow = node == null ? null : node.get("allow");
            if (allow == null || !allow.isBoolean()) return Verdict.UNAVAILABLE;
            JsonNode message = node.get("message");
            return new Verdict(allow.booleanValue(), message != null && message.isTextual() ? message.asText() : null);
        } catch (java.io.IOException e) {
            return Verdict.UNAVAILABLE;
        }
    }

    private Optional<ApiException> outcome(
            AccessStore.HookGrant hook, Question question, Verdict verdict, long startedNanos) {
        String outcome;
        Optional<ApiException> refusal;
        if (verdict.allow() == null) {
            outcome = hook.failOpen() ? "failed_open" : "unavailable";
            refusal = hook.failOpen()
                    ? Optional.empty()
                    : Optional.of(new ApiException(
                            403, "The hook " + hook.name() + " did not answer in time or correctly", HOOK_UNAVAILABLE));
        } else if (verdict.allow()) {
            outcome = "allowed";
            refusal = Optional.empty();
        } else {
            outcome = "denied";
            refusal = Optional.of(new ApiException(
                    403,
                    verdict.message() != null ? verdict.message() : "Refused by the hook " + hook.name(),
                    DENIED_BY_HOOK));
        }
        Timer.builder("warden.hook.calls")
                .description("Calls to decision hooks, by hook and outcome")
                .tag("hook", hook.id())
                .tag("outcome", outcome)
                .register(meters)
                .record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
        if (refusal.isPresent()) {
            denials.denied(
                    question.account(),
                    question.tenant(),
                    question.caller().principal(),
                    question.action().word(),
                    question.target().name(),
                    "hook " + hook.name() + ": " + outcome);
        }
        return refusal;
    }

    private byte[] body(Question question, String requestId) {
        ObjectNode body = json.createObjectNode();
        body.put("account", question.account());
        if (question.tenant().isEmpty()) body.putNull("tenant");
        else body.put("tenant", question.tenant());
        ObjectNode principal = body.putObject("principal");
        principal.put("type", question.caller().principal().type().word());
        principal.put("id", question.caller().principal().id());
        principal.put("name", question.caller().principal().name());
        question.caller().roleNames().stream().sorted().forEach(principal.putArray("roles")::add);
        body.put("action", question.action().word());
        body.put("permissible", question.target().name());
        question.documentId().ifPresent(id -> body.put("documentId", id));
        question.document().ifPresent(document -> body.set("document", document));
        body.put("requestId", requestId);
        try {
            return json.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree always serialises", e);
        }
    }

    /** The hex HMAC-SHA256 of {@code body} with {@code secret}: what {@code X-Warden-Signature} carries. */
    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
