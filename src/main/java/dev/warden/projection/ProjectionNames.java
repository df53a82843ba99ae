package dev.warden.projection;

import dev.warden.access.PermissibleKind;
import dev.warden.role.PermissibleService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.List;

/** Tells the permissibles list which projections exist. */
@Singleton
public class ProjectionNames implements PermissibleService.ItemSource {

    private final ProjectionStore store;

    public ProjectionNames(ProjectionStore store) {
        this.store = store;
    }

    @Override
    public PermissibleKind kind() {
        return PermissibleKind.PROJECTIONS;
    }

    @Override
    public Uni<List<String>> names(String account) {
        return store.names(account);
    }
}
