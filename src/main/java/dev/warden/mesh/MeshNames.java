package dev.warden.mesh;

import dev.warden.access.PermissibleKind;
import dev.warden.role.PermissibleService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.List;

/** Tells the permissibles list which meshes exist (a mesh exists once it holds a document). */
@Singleton
public class MeshNames implements PermissibleService.ItemSource {

    private final MeshStore store;

    public MeshNames(MeshStore store) {
        this.store = store;
    }

    @Override
    public PermissibleKind kind() {
        return PermissibleKind.MESHES;
    }

    @Override
    public Uni<List<String>> names(String account) {
        return store.meshNames(account);
    }
}
