package dev.warden.role;

import dev.warden.access.Action;
import dev.warden.access.Permissible;
import dev.warden.access.PermissibleKind;
import dev.warden.account.Account;
import dev.warden.api.Page;
import dev.warden.api.PageRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The things a permission can name: every broad permissible plus each mesh and projection that exists. */
@Singleton
public class PermissibleService {

    /** Names of existing items of one kind (meshes, projections), contributed by their feature. */
    public interface ItemSource {
        PermissibleKind kind();

        Uni<List<String>> names(String account);
    }

    private final Instance<ItemSource> sources;

    public PermissibleService(Instance<ItemSource> sources) {
        this.sources = sources;
    }

    public record PermissibleView(
            String name, boolean canCreate, boolean canRead, boolean canUpdate, boolean canDelete) {
        static PermissibleView of(Permissible permissible) {
            return new PermissibleView(
                    permissible.name(),
                    permissible.supports(Action.CREATE),
                    permissible.supports(Action.READ),
                    permissible.supports(Action.UPDATE),
                    permissible.supports(Action.DELETE));
        }
    }

    public Uni<Page<PermissibleView>> search(Account account, String name, PageRequest page) {
        List<Uni<List<Permissible>>> parts = new ArrayList<>();
        List<Permissible> broad = new ArrayList<>();
        for (PermissibleKind kind : PermissibleKind.values()) {
            broad.add(Permissible.broad(kind));
        }
        parts.add(Uni.createFrom().item(broad));
        for (ItemSource source : sources) {
            parts.add(source.names(account.name()).map(names -> names.stream()
                    .flatMap(n -> Permissible.parse(source.kind().broadName() + "." + n).stream())
                    .toList()));
        }
        String needle = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return Uni.join().all(parts).andFailFast().map(lists -> {
            List<PermissibleView> all = lists.stream()
                    .flatMap(List::stream)
                    .filter(p -> p.name().toLowerCase(Locale.ROOT).contains(needle))
                    .map(PermissibleView::of)
                    .toList();
            int from = (int) Math.min(page.offset(), all.size());
            int to = Math.min(from + page.pageSize(), all.size());
            return page.page(all.subList(from, to), all.size());
        });
    }
}
