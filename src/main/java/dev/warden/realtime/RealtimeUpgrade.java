package dev.warden.realtime;

import dev.warden.account.AccountDirectory;
import dev.warden.account.TenantDirectory;
import dev.warden.security.Authenticator;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The WebSocket's door (spec §11.1): before the upgrade, the account must exist (404) and the
 * credential be valid (401): {@code Authorization: Bearer}, {@code X-Api-Key}, or
 * {@code ?access_token=} because browsers cannot set headers on a WebSocket. What each
 * subscription may read is decided per subscription, and again before every delivery.
 */
@Singleton
public class RealtimeUpgrade implements HttpUpgradeCheck {

    static final UserData.TypedKey<Authenticator.Credential> CREDENTIAL = new UserData.TypedKey<>("warden.credential");
    static final UserData.TypedKey<String> TENANT = new UserData.TypedKey<>("warden.tenant");

    private final AccountDirectory accounts;
    private final Authenticator authenticator;
    private final TenantDirectory tenants;

    public RealtimeUpgrade(AccountDirectory accounts, Authenticator authenticator, TenantDirectory tenants) {
        this.accounts = accounts;
        this.authenticator = authenticator;
        this.tenants = tenants;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return RealtimeSocket.class.getName().equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        String account = context.pathParam("account");
        if (Authenticator.repeatedHeader(context.httpRequest().headers()).isPresent()) {
            return CheckResult.rejectUpgrade(400);
        }
        Authenticator.Credential credential = credential(context.httpRequest());
        return accounts.find(account).flatMap(found -> {
            if (found.isEmpty()) return CheckResult.rejectUpgrade(404);
            if (!credential.present()) return CheckResult.rejectUpgrade(401);
            return tenants.resolve(account, tenantOf(context.httpRequest())).flatMap(tenant -> {
                if (tenant.isEmpty()) return CheckResult.rejectUpgrade(400);
                return authenticator.caller(account, tenant.get(), credential).flatMap(caller -> {
                    if (caller.isEmpty()) return CheckResult.rejectUpgrade(401);
                    context.userData().put(CREDENTIAL, credential);
                    context.userData().put(TENANT, tenant.get());
                    return CheckResult.permitUpgrade();
                });
            });
        });
    }

    /** The tenant header as everywhere; else {@code ?tenant=}, for the same reason as the token below. */
    private static String tenantOf(HttpServerRequest request) {
        String header = request.getHeader(TenantDirectory.HEADER);
        return header != null ? header : request.getParam(TenantDirectory.HEADER);
    }

    /** Headers as everywhere; else {@code ?access_token=}, since browsers cannot set them on a WebSocket. */
    private static Authenticator.Credential credential(HttpServerRequest request) {
        Authenticator.Credential credential = Authenticator.Credential.fromHeaders(request::getHeader);
        String token = request.getParam("access_token");
        return credential.present() || token == null || token.isBlank()
                ? credential
                : new Authenticator.Credential(Optional.empty(), Optional.of(token));
    }
}
