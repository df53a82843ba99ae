package dev.warden.boot;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once migrations ran (they run before start-up events) and bootstrap finished. */
@Readiness
@Singleton
public class BootstrapReadiness implements HealthCheck {

    private final Bootstrap bootstrap;

    public BootstrapReadiness(Bootstrap bootstrap) {
        this.bootstrap = bootstrap;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("bootstrap").status(bootstrap.isDone()).build();
    }
}
