package dev.warden.boot;

import dev.warden.account.AccountSpec;
import dev.warden.account.WardenConfig;
import dev.warden.keys.SigningKeys;
import dev.warden.security.AclNotifications;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;

/** On every start: the signing keys, the configured account, and listening for role changes. */
@Singleton
public class Bootstrap {

    private final WardenConfig config;
    private final SigningKeys keys;
    private final AccountService accounts;
    private final AclNotifications notifications;
    private volatile boolean done;

    public Bootstrap(WardenConfig config, SigningKeys keys, AccountService accounts, AclNotifications notifications) {
        this.config = config;
        this.keys = keys;
        this.accounts = accounts;
        this.notifications = notifications;
    }

    void onStart(@Observes StartupEvent event) {
        AccountSpec spec = AccountSpec.from(config);
        keys.load()
                .flatMap(ignored -> accounts.ensure(spec))
                .flatMap(ignored -> notifications.listen())
                .await()
                .atMost(Duration.ofMinutes(2));
        done = true;
    }

    public boolean isDone() {
        return done;
    }
}
