package dev.warden.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.api.ApiException;
import dev.warden.api.Body;
import dev.warden.api.Ids;
import dev.warden.api.PageRequest;
import dev.warden.api.QueryParams;
import dev.warden.api.RelaxedJson;
import dev.warden.query.Filter;
import dev.warden.query.FilterParser;
import dev.warden.query.Sort;
import dev.warden.query.Update;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/** The document use cases of one mesh. Answers are JSON text straight from the database. */
@Singleton
public class MeshService {

    private final MeshStore store;
    private final HistoryStore history;

    public MeshService(MeshStore store, HistoryStore history) {
        this.store = store;
        this.history = history;
    }

    /** Spec §11.2: every version of a document, newest first; 404 when it never existed in reach. */
    public Uni<dev.warden.api.Page<HistoryStore.Version>> history(Reach reach, String id, PageRequest page) {
        return history.versions(reach, id, page).map(found -> {
            if (found.totalRecords() == 0) throw notFound();
            return found;
        });
    }

    public Uni<HistoryStore.Version> version(Reach reach, String id, String version) {
        long number;
        try {
            number = Long.parseLong(version);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("No such version");
        }
        return history.version(reach, id, number)
                .map(found -> found.orElseThrow(() -> ApiException.notFound("No such version")));
    }

    /** One object creates one document; an array creates all of them or none. */
    public Uni<String> create(Reach reach, JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw ApiException.badRequest("A JSON object or array body is required");
        }
        if (body.isArray()) {
            return createAll(reach, body);
        }
        String id = DocumentRules.idFor(body, "");
        String data = DocumentRules.storable(body, "").toString();
        return store.insert(reach, id, data);
    }

    private Uni<String> createAll(Reach reach, JsonNode items) {
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
        return store.insertAll(reach, ids, data)
                .map(created -> "{\"createdCount\":" + created.size() + ",\"createdData\":[" + String.join(",", created)
                        + "]}");
    }

    public Uni<Versioned> get(Reach reach, String id) {
        return find(reach, id).map(found -> found.orElseThrow(MeshService::notFound));
    }

    Uni<Optional<Versioned>> find(Reach reach, String id) {
        return store.get(reach, id);
    }

    /**
     * Full replacement; an {@code _id} in the body is ignored, the path names the document. With
     * {@code If-Match}, only the named version is replaced (412 otherwise, nothing written).
     */
    public Uni<Versioned> replace(Reach reach, String id, JsonNode body, IfMatch ifMatch) {
        String data = DocumentRules.storable(body, "").toString();
        return store.replace(reach, id, data, ifMatch)
                .map(written -> done(written).document().orElseThrow());
    }

    public Uni<Void> delete(Reach reach, String id, IfMatch ifMatch) {
        return store.delete(reach, id, ifMatch).map(written -> {
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

    public Uni<String> search(Reach reach, QueryParams params) {
        Filter filter = filter(params.get("filter").orElse(null), false);
        Sort sort = params.get("orderBy")
                .filter(text -> !text.isBlank())
                .map(text -> Sort.parse(RelaxedJson.parse("orderBy", text)))
                .orElse(Sort.BY_ID);
        PageRequest page = PageRequest.from(params);
        return store.search(reach, filter, sort, page)
                .map(found -> "{\"page\":" + page.page() + ",\"pageSize\":" + page.pageSize() + ",\"results\":["
                        + String.join(",", found.documents()) + "],\"totalRecords\":" + found.total() + "}");
    }

    public Uni<String> updateMatching(Reach reach, JsonNode body) {
        Body request = Body.of(body);
        Filter filter =
                filter(request.raw("filter").map(MeshService::objectOrString).orElse(null), true);
        JsonNode updateDocument = request.raw("update")
                .map(MeshService::objectOrString)
                .map(text -> RelaxedJson.parse("update", text))
                .orElseThrow(() -> ApiException.badRequest("update is required"));
        Update update = Update.parse(updateDocument);
        update.writtenValues().forEach(value -> DocumentRules.checkValue(value, "update: "));
        return store.updateMatching(reach, filter, update)
                .map(counts -> "{\"isAcknowledged\":true,\"isModifiedCountAvailable\":true,\"matchedCount\":"
                        + counts.matched() + ",\"modifiedCount\":" + counts.modified() + ",\"upsertedId\":null}");
    }

    public Uni<String> deleteMatching(Reach reach, QueryParams params) {
        Filter filter = filter(params.get("filter").orElse(null), true);
        return store.deleteMatching(reach, filter)
                .map(count -> "{\"deletedCount\":" + count + ",\"isAcknowledged\":true}");
    }

    /** Spec §9.2: who owns a document: {@code {"ownerId", "ownerType"}}. */
    public record OwnerView(String ownerId, String ownerType) {}

    public Uni<OwnerView> owner(Reach reach, String id) {
        return store.owner(reach, id)
                .map(found -> found.map(o -> new OwnerView(o.id(), o.type())).orElseThrow(MeshService::notFound));
    }

    /** Gives a document to another owner (the caller needs update with scope all: the filter checked). */
    public Uni<OwnerView> transfer(Reach reach, String id, Body body) {
        String ownerId = body.requiredString("ownerId");
        String ownerType = body.requiredString("ownerType");
        if (!OWNER_TYPES.contains(ownerType)) {
            throw ApiException.badRequest("ownerType must be one of " + OWNER_TYPES);
        }
        if (ownerId.isBlank() || ownerId.length() > 128 || ownerId.indexOf('\u0000') >= 0) {
            throw ApiException.badRequest("ownerId must be 1 to 128 characters");
        }
        if (ownerType.equals("user") && !Ids.isValid(ownerId)) {
            throw ApiException.badRequest("ownerId of a user is its 24-character id");
        }
        return store.transfer(reach, id, new MeshStore.Owner(ownerId, ownerType))
                .map(done -> {
                    if (!done) throw notFound();
                    return new OwnerView(ownerId, ownerType);
                });
    }

    static final java.util.List<String> OWNER_TYPES = java.util.List.of("user", "apiKey", "subject");

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
