-- Spec §14: indexes declared per mesh. Each is a partial btree index on documents, built
-- concurrently, whose columns per key are (rank, number, text): MongoDB's order across types
-- (missing/null, numbers, strings, booleans) with every column non-null, so equality on a key
-- is equality on all three and the index keeps serving the next key, or the id, in order.
create table mesh_indexes (
    account     text not null references accounts (name) on delete cascade,
    mesh        text not null,
    name        text not null,
    -- [[path, 1 | -1], ...] in key order
    keys        jsonb not null,
    is_unique   boolean not null default false,
    -- the PostgreSQL index: warden_ix_<id>
    pg_name     text not null unique,
    ready       boolean not null default false,
    created_at  timestamptz not null default now(),
    primary key (account, mesh, name)
);

-- A declared key holds a scalar or nothing: an array or object anywhere on its path would need
-- MongoDB's element-wise matching, which one btree entry per document cannot give. Evaluated by
-- every write that maintains the index, so no write path can store one (SQLSTATE WD002 → 400).
create function warden_key_rank(data jsonb, path text[]) returns integer language plpgsql immutable
    parallel safe as $$
declare
    node jsonb := data;
    i integer;
begin
    for i in 1 .. coalesce(array_length(path, 1), 0) loop
        if jsonb_typeof(node) = 'array' then
            raise exception using errcode = 'WD002',
                message = array_to_string(path, '.') || ' is a declared index key and may not pass through an array';
        end if;
        node := node -> path[i];
        if node is null then
            return 1;
        end if;
    end loop;
    case jsonb_typeof(node)
        when 'null' then return 1;
        when 'number' then return 2;
        when 'string' then return 3;
        when 'boolean' then return 6;
        else
            raise exception using errcode = 'WD002',
                message = array_to_string(path, '.') || ' is a declared index key and may only hold a string,'
                    || ' number, boolean or null, not an ' || jsonb_typeof(node);
    end case;
end
$$;
