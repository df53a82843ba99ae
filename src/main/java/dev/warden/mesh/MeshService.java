package dev.warden.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.account.Account;
import dev.warden.api.ApiException;
import dev.warden.api.Body;
import dev.warden.api.PageRequest;
import dev.warden.api.QueryParams;
import dev.warden.api.RelaxedJson;
import dev.warden.query.Filter;
import dev.warden.query.FilterParser;
import dev.warden.query.Sort;
import dev.warden.query.Update;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The document use cases of one mesh. Answers are JSON text straight from the database. */
@ApplicationScoped
public class MeshService {

    private final MeshStore store;

    public MeshService(MeshStore store) {
        this.store = store;
    }

    /** One object creates one document; an array creates all of them or none. */
    public Uni<String> create(Account account, String mesh, JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw ApiException.badRequest("A JSON object or array body is required");
        }
        if (body.isArray()) {
            return createAll(account, mesh, body);
        }
        String id = DocumentRules.idFor(body, "");
        String data = DocumentRules.storable(body, "").toString();
        return store.insert(account.name(), mesh, id, data);
    }

    private Uni<String> createAll(Account account, String mesh, JsonNode items) {
        if (items.isEmpty()) {
            throw ApiException.badRequest("The array must hold at least one document");
        }
        String[] ids = new String[items.size()];
        String[] data = new String[items.size()];
        for (int i = 0; i < items.size(); i++) {
            String where = "Item " + i + ": ";
            ids[i] = DocumentRules.idFor(items.get(i), where);
            data[i] = DocumentRules.storable(items.get(i), where).toString();
        }
        return store.insertAll(account.name(), mesh, ids, data)
                .map(created -> "{\"createdCount\":" + created.size() + ",\"createdData\":[" + String.join(",", created)
                        + "]}");
    }

    public Uni<Versioned> get(Account account, String mesh, String id) {
        return store.get(account.name(), mesh, id).map(found -> found.orElseThrow(MeshService::notFound));
    }

    /**
     * Full replacement; an {@code _id} in the body is ignored, the path names the document. With
     * {@code If-Match}, only the named version is replaced (412 otherwise, nothing written).
     */
    public Uni<Versioned> replace(Account account, String mesh, String id, JsonNode body, IfMatch ifMatch) {
        String data = DocumentRules.storable(body, "").toString();
        return store.replace(account.name(), mesh, id, data, ifMatch)
                .map(written -> done(written).document().orElseThrow());
    }

    public Uni<Void> delete(Account account, String mesh, String id, IfMatch ifMatch) {
        return store.delete(account.name(), mesh, id, ifMatch).map(written -> {
            done(written);
            return null;
        });
    }

    private static MeshStore.Written done(MeshStore.Written written) {
        return switch (written.outcome()) {
            case DONE -> written;
            case MISSING -> throw notFound();
            case CHANGED -> throw new ApiException(
                    412, "The document has changed: its version does not match If-Match; read it again");
        };
    }

    public Uni<String> search(Account account, String mesh, QueryParams params) {
        Filter filter = filter(params.get("filter").orElse(null), false);
        Sort sort = params.get("orderBy")
                .filter(text -> !text.isBlank())
                .map(text -> Sort.parse(RelaxedJson.parse("orderBy", text)))
                .orElse(Sort.BY_ID);
        PageRequest page = PageRequest.from(params);
        return store.search(account.name(), mesh, filter, sort, page)
                .map(found -> "{\"page\":" + page.page() + ",\"pageSize\":" + page.pageSize() + ",\"results\":["
                        + String.join(",", found.documents()) + "],\"totalRecords\":" + found.total() + "}");
    }

    public Uni<String> updateMatching(Account account, String mesh, JsonNode body) {
        Body request = Body.of(body);
        Filter filter =
                filter(request.raw("filter").map(MeshService::objectOrString).orElse(null), true);
        JsonNode updateDocument = request.raw("update")
                .map(MeshService::objectOrString)
                .map(text -> RelaxedJson.parse("update", text))
                .orElseThrow(() -> ApiException.badRequest("update is required"));
        Update update = Update.parse(updateDocument);
        update.writtenValues().forEach(value -> DocumentRules.checkValue(value, "update: "));
        return store.updateMatching(account.name(), mesh, filter, update)
                .map(counts -> "{\"isAcknowledged\":true,\"isModifiedCountAvailable\":true,\"matchedCount\":"
                        + counts.matched() + ",\"modifiedCount\":" + counts.modified() + ",\"upsertedId\":null}");
    }

    public Uni<String> deleteMatching(Account account, String mesh, QueryParams params) {
        Filter filter = filter(params.get("filter").orElse(null), true);
        return store.deleteMatching(account.name(), mesh, filter)
                .map(count -> "{\"deletedCount\":" + count + ",\"isAcknowledged\":true}");
    }

    /** A filter given as JSON text; absent means everything, unless one is required. */
    private static Filter filter(String text, boolean required) {
        if (text == null || text.isBlank()) {
            if (required) {
                throw ApiException.badRequest("filter is required");
            }
            return new Filter.And(List.of());
        }
        return FilterParser.parse(RelaxedJson.parse("filter", text));
    }

    /** The SDKs send filter and update either as JSON objects or as strings holding JSON. */
    private static String objectOrString(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isObject()) {
            return node.toString();
        }
        throw ApiException.badRequest("filter and update must be JSON objects or strings holding one");
    }

    private static ApiException notFound() {
        return ApiException.notFound("Document not found");
    }
}
