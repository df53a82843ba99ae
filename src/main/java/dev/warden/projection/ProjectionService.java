package dev.warden.projection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.access.AccessPolicy;
import dev.warden.access.Action;
import dev.warden.access.Caller;
import dev.warden.access.Permissible;
import dev.warden.account.Account;
import dev.warden.api.ApiException;
import dev.warden.api.Body;
import dev.warden.api.PageRequest;
import dev.warden.api.QueryParams;
import dev.warden.api.RelaxedJson;
import dev.warden.audit.AuditEntry;
import dev.warden.audit.AuditLog;
import dev.warden.query.Filter;
import dev.warden.query.FilterParser;
import dev.warden.query.Pipeline;
import dev.warden.query.PipelineCompiler;
import dev.warden.query.QueryException;
import dev.warden.query.Sort;
import dev.warden.query.Sql;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Projection definitions and reads. A read compiles the definition once and remembers it; the
 * query itself checks that the definition's version is unchanged, so a change made on any
 * instance is seen by the next read, without a second statement on the common path.
 */
@Singleton
public class ProjectionService {

    static final int MAX_REMEMBERED = 10_000;

    private final ProjectionStore store;
    private final AuditLog audit;
    private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();

    public ProjectionService(ProjectionStore store, AuditLog audit) {
        this.store = store;
        this.audit = audit;
    }

    public record ProjectionView(String name, String mesh, String description, JsonNode pipeline) {
        static ProjectionView of(ProjectionStore.Stored stored) {
            return new ProjectionView(
                    stored.name(),
                    stored.mesh(),
                    stored.description(),
                    RelaxedJson.parse("pipeline", stored.pipeline()));
        }
    }

    record Compiled(String mesh, Pipeline pipeline, long version) {}

    public Uni<ProjectionView> create(Account account, Caller caller, Body body) {
        String name = name(body.requiredString("name"));
        Definition definition = Definition.of(body);
        definition.requireRead(caller);
        AuditEntry entry = definition.audited("projection.define", caller, name);
        return store.inTransaction(tx -> store.insert(tx, account.name(), definition.draft(name))
                        .call(() -> audit.appendAccountWide(tx, account.name(), entry)))
                .map(ProjectionView::of);
    }

    public Uni<ProjectionView> definition(Account account, String name) {
        return store.get(account.name(), name(name)).map(found -> ProjectionView.of(orNotFound(found)));
    }

    public Uni<ProjectionView> replace(Account account, Caller caller, String name, Body body) {
        name(name);
        body.string("name").filter(n -> !n.equals(name)).ifPresent(n -> {
            throw ApiException.badRequest("name in the body must match the path (projections cannot be renamed)");
        });
        Definition definition = Definition.of(body);
        definition.requireRead(caller);
        AuditEntry entry = definition.audited("projection.change", caller, name);
        return store.inTransaction(tx -> store.replace(tx, account.name(), definition.draft(name))
                        .map(found -> ProjectionView.of(orNotFound(found)))
                        .call(() -> audit.appendAccountWide(tx, account.name(), entry)))
                .invoke(() -> compiled.remove(key(account.name(), name)));
    }

    public Uni<Void> delete(Account account, Caller caller, String name) {
        AuditEntry entry = AuditEntry.of("projection.delete", AuditEntry.Party.of(caller), projection(name(name)));
        return store.inTransaction(tx -> store.delete(tx, account.name(), name).flatMap(deleted -> {
                    if (!deleted) throw notFound();
                    return audit.appendAccountWide(tx, account.name(), entry);
                }))
                .invoke(() -> compiled.remove(key(account.name(), name)));
    }

    /** One page of the projection's results; {@code filter} and {@code orderBy} apply to them. */
    public Uni<String> read(Account account, String name, QueryParams params) {
        Filter filter = params.get("filter")
                .filter(text -> !text.isBlank())
                .map(text -> FilterParser.parseOverResults(RelaxedJson.parse("filter", text)))
                .orElse(new Filter.And(List.of()));
        Sort sort = params.get("orderBy")
                .filter(text -> !text.isBlank())
                .map(text -> Sort.parseOverResults(RelaxedJson.parse("orderBy", text)))
                .orElse(Sort.BY_ID);
        PageRequest page = PageRequest.from(params);
        Query query = new Query(account.name(), account.tenant(), name, filter, sort, page);
        return compiled(account.name(), name)
                .flatMap(definition -> run(query, definition))
                .flatMap(found -> {
                    if (found.isPresent()) return Uni.createFrom().item(found.get());
                    // Changed since compiled (here or on another instance): compile again, once.
                    compiled.remove(key(account.name(), name));
                    return compiled(account.name(), name)
                            .flatMap(definition -> run(query, definition))
                            .map(again -> again.orElseThrow(ProjectionService::notFound));
                })
                .map(found -> "{\"page\":" + page.page() + ",\"pageSize\":" + page.pageSize() + ",\"results\":"
                        + found.results() + ",\"totalRecords\":" + found.total() + "}");
    }

    private record Query(String account, String tenant, String name, Filter filter, Sort sort, PageRequest page) {}

    private Uni<Optional<ProjectionStore.Found>> run(Query query, Compiled definition) {
        Sql sql = new Sql();
        String current = ProjectionStore.stillCurrent(sql, query.account(), query.name(), definition.version());
        sql.append(PipelineCompiler.page(
                definition.pipeline(),
                query.account(),
                query.tenant(),
                definition.mesh(),
                query.filter(),
                query.sort(),
                query.page().offset(),
                query.page().pageSize(),
                current,
                sql));
        return store.page(sql);
    }

    private Uni<Compiled> compiled(String account, String name) {
        Compiled known = compiled.get(key(account, name));
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return store.get(account, name).map(found -> {
            ProjectionStore.Stored stored = orNotFound(found);
            Compiled fresh = new Compiled(
                    stored.mesh(), Pipeline.parse(RelaxedJson.parse("pipeline", stored.pipeline())), stored.version());
            if (compiled.size() >= MAX_REMEMBERED) compiled.clear();
            compiled.put(key(account, name), fresh);
            return fresh;
        });
    }

    /** The parts of a definition body other than the name, validated; the pipeline parses and compiles. */
    private record Definition(String mesh, String description, String pipelineText, Pipeline pipeline) {

        /**
         * Defining a view never exceeds the right to read: the caller needs read on every mesh the
         * pipeline reads, or the projection would hand out what the caller cannot see (403).
         */
        ProjectionStore.Draft draft(String name) {
            return new ProjectionStore.Draft(name, mesh, description, pipelineText);
        }

        AuditEntry audited(String action, Caller caller, String name) {
            return AuditEntry.of(action, AuditEntry.Party.of(caller), projection(name))
                    .with(Map.of("mesh", mesh, "meshesRead", List.copyOf(pipeline.meshesRead(mesh))));
        }

        void requireRead(Caller caller) {
            for (String read : pipeline.meshesRead(mesh)) {
                // Scope all: a view over a mesh shows every document, so own-only read is not enough.
                AccessPolicy.requireAll(caller, Action.READ, Permissible.mesh(read));
            }
        }

        static Definition of(Body body) {
            String mesh = body.requiredString("mesh");
            if (!Permissible.ITEM_NAME.matcher(mesh).matches()) {
                throw ApiException.badRequest("mesh must be a mesh name (letters only)");
            }
            String description = body.string("description").orElse("");
            JsonNode pipeline = body.raw("pipeline").orElseThrow(() -> ApiException.badRequest("pipeline is required"));
            String pipelineText = pipeline.toString();
            Pipeline parsed;
            try {
                // Parsed from the text that is stored, so what is saved is exactly what reads will run.
                parsed = Pipeline.parse(RelaxedJson.parse("pipeline", pipelineText));
                PipelineCompiler.compile(parsed, "check", "", mesh, new Sql());
            } catch (QueryException e) {
                throw ApiException.badRequest("Invalid pipeline: " + e.getMessage());
            }
            return new Definition(mesh, description, pipelineText, parsed);
        }
    }

    private static String name(String name) {
        if (!Permissible.ITEM_NAME.matcher(name).matches()) {
            throw ApiException.badRequest("Projection name is invalid and must be alpha characters only");
        }
        return name;
    }

    private static AuditEntry.Party projection(String name) {
        return new AuditEntry.Party("projection", null, name);
    }

    private static String key(String account, String name) {
        return account + "\u0000" + name;
    }

    private static <T> T orNotFound(Optional<T> found) {
        return found.orElseThrow(ProjectionService::notFound);
    }

    private static ApiException notFound() {
        return ApiException.notFound("Projection not found");
    }
}
