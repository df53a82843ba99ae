package dev.warden.mesh;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.warden.api.Page;
import dev.warden.api.PageRequest;
import dev.warden.api.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A document's versions (spec §11.2), read from the change log: newest first, each with who wrote
 * it. Owner scope applies to the owner recorded with each change, so a deleted document's history
 * stays readable to whoever could read it.
 */
@Singleton
public class HistoryStore {

    /** A change's document as JSON text with {@code _id} in front; null for a delete. */
    private static final String DOCUMENT = "case when c.document is null then null else"
            + " ('{\"_id\":\"' || c.document_id || '\"' || case when c.document = '{}'::jsonb then '}'"
            + " else ',' || substr(c.document::text, 2) end) end";

    /** The document's changes in reach: account $1, mesh $2, id $3, owner $4 (null: any), the tenant at {@code tenant}. */
    private static String inReach(String tenant) {
        return "c.account = $1 and c.mesh = $2 and c.document_id = $3 and c.tenant = " + tenant
                + " and ($4::text[] is null or (c.owner_id = $4[1] and c.owner_type = $4[2]))";
    }

    private final Pool pool;

    public HistoryStore(Pool pool) {
        this.pool = pool;
    }

    public record Actor(String type, String id) {}

    public record Version(long version, String op, Instant at, Actor principal, @JsonRawValue String document) {}

    public Uni<Page<Version>> versions(Reach reach, String id, PageRequest page) {
        Uni<List<Version>> rows = pool.preparedQuery("select c.version, c.op, c.at, c.actor_type, c.actor_id, "
                        + DOCUMENT + " as document from changes c where " + inReach("$7")
                        + " order by c.seq desc limit $5 offset $6")
                .execute(Tuple.from(new Object[] {
                    reach.account(),
                    reach.mesh(),
                    id,
                    reach.ownerOrNull(),
                    page.pageSize(),
                    page.offset(),
                    reach.tenant()
                }))
                .map(found -> Rows.all(found, HistoryStore::version));
        Uni<Long> total = pool.preparedQuery("select count(*) from changes c where " + inReach("$5"))
                .execute(Tuple.of(reach.account(), reach.mesh(), id, reach.ownerOrNull(), reach.tenant()))
                .map(found -> found.iterator().next().getLong(0));
        return Uni.combine().all().unis(rows, total).with(page::page);
    }

    public Uni<Optional<Version>> version(Reach reach, String id, long version) {
        return pool.preparedQuery("select c.version, c.op, c.at, c.actor_type, c.actor_id, " + DOCUMENT
                        + " as document from changes c where " + inReach("$6")
                        + " and c.version = $5 order by c.seq desc limit 1")
                .execute(Tuple.of(reach.account(), reach.mesh(), id, reach.ownerOrNull(), version, reach.tenant()))
                .map(found -> Rows.first(found, HistoryStore::version));
    }

    private static Version version(Row row) {
        String actorType = row.getString("actor_type");
        return new Version(
                row.getLong("version"),
                row.getString("op"),
                Rows.instant(row, "at"),
                actorType == null ? null : new Actor(actorType, row.getString("actor_id")),
                row.getString("document"));
    }
}
