-- Projection definitions: a named pipeline over one mesh. version changes on every save (from a
-- sequence, so a name deleted and defined again never reuses one); a read carries the version it
-- compiled and checks it in the same statement, so every instance sees a change at once.
-- pipeline is json, not jsonb: key order is meaning there ({"$sort": {"price": -1, "name": 1}}), and
-- jsonb would reorder the keys.
create sequence projection_versions;

create table projections (
    account      text not null references accounts (name) on delete cascade,
    name         text collate "C" not null,
    mesh         text not null,
    description  text not null,
    pipeline     json not null,
    version      bigint not null default nextval('projection_versions'),
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    primary key (account, name)
);

-- Helpers for pipeline expressions. A SQL NULL is MongoDB's "missing", 'null'::jsonb its null.
-- Functions that can fail are stable, not immutable: PostgreSQL may evaluate an immutable call
-- with constant arguments while planning, which would fail a query on a branch it never takes.

-- {name: value}, or {} when value is missing (expression objects leave missing fields out).
create function warden_field(name text, value jsonb) returns jsonb language sql immutable as $$
    select case when value is null then '{}'::jsonb else jsonb_build_object(name, value) end
$$;

-- Sets path to value (removes it when value is missing), replacing a non-object on the way.
create function warden_put(doc jsonb, path text[], value jsonb) returns jsonb language plpgsql immutable as $$
declare
    head text := path[1];
    child jsonb;
begin
    if jsonb_typeof(doc) is distinct from 'object' then
        doc := '{}'::jsonb;
    end if;
    if cardinality(path) = 1 then
        return case when value is null then doc - head else doc || jsonb_build_object(head, value) end;
    end if;
    child := doc -> head;
    if value is null and jsonb_typeof(child) is distinct from 'object' then
        return doc;
    end if;
    return doc || jsonb_build_object(head, warden_put(child, path[2:], value));
end $$;

-- $add (op '+') and $multiply (op '*'): null or missing anywhere gives null; other non-numbers fail.
create function warden_fold(op text, variadic args jsonb[]) returns jsonb language plpgsql stable as $$
declare
    result numeric := case when op = '+' then 0 else 1 end;
    arg jsonb;
begin
    foreach arg in array args loop
        if arg is null or arg = 'null'::jsonb then
            return 'null'::jsonb;
        end if;
        if jsonb_typeof(arg) <> 'number' then
            return warden_fail(format('%s supports only numbers, not %s', case when op = '+' then '$add'
                else '$multiply' end, jsonb_typeof(arg)));
        end if;
        result := case when op = '+' then result + arg::numeric else result * arg::numeric end;
    end loop;
    return to_jsonb(result);
end $$;

-- $subtract (op '-') and $divide (op '/').
create function warden_binary(op text, a jsonb, b jsonb) returns jsonb language plpgsql stable as $$
declare
    label text := case when op = '-' then '$subtract' else '$divide' end;
begin
    if a is null or b is null or a = 'null'::jsonb or b = 'null'::jsonb then
        return 'null'::jsonb;
    end if;
    if jsonb_typeof(a) <> 'number' or jsonb_typeof(b) <> 'number' then
        return warden_fail(format('%s supports only numbers, not %s and %s', label, jsonb_typeof(a), jsonb_typeof(b)));
    end if;
    if op = '-' then
        return to_jsonb(a::numeric - b::numeric);
    end if;
    if b::numeric = 0 then
        return warden_fail('$divide by zero');
    end if;
    return to_jsonb(a::numeric / b::numeric);
end $$;

create function warden_concat(variadic args jsonb[]) returns jsonb language plpgsql stable as $$
declare
    result text := '';
    arg jsonb;
begin
    foreach arg in array args loop
        if arg is null or arg = 'null'::jsonb then
            return 'null'::jsonb;
        end if;
        if jsonb_typeof(arg) <> 'string' then
            return warden_fail(format('$concat supports only strings, not %s', jsonb_typeof(arg)));
        end if;
        result := result || (arg #>> '{}');
    end loop;
    return to_jsonb(result);
end $$;

-- $toUpper / $toLower: null or missing is the empty string.
create function warden_case(value jsonb, upper boolean) returns jsonb language plpgsql stable as $$
begin
    if value is null or value = 'null'::jsonb then
        return '""'::jsonb;
    end if;
    if jsonb_typeof(value) <> 'string' then
        return warden_fail(format('%s supports only strings, not %s', case when upper then '$toUpper'
            else '$toLower' end, jsonb_typeof(value)));
    end if;
    return to_jsonb(case when upper then upper(value #>> '{}') else lower(value #>> '{}') end);
end $$;

create function warden_size(value jsonb) returns jsonb language plpgsql stable as $$
begin
    if jsonb_typeof(value) is distinct from 'array' then
        return warden_fail(format('$size needs an array, not %s', coalesce(jsonb_typeof(value), 'a missing value')));
    end if;
    return to_jsonb(jsonb_array_length(value));
end $$;

-- MongoDB truthiness: false, null, missing and 0 are false; everything else is true.
create function warden_truthy(value jsonb) returns boolean language sql immutable as $$
    select value is not null and value <> 'null'::jsonb and value <> 'false'::jsonb
        and not (jsonb_typeof(value) = 'number' and value::numeric = 0)
$$;

create function warden_object(value jsonb, label text) returns jsonb language plpgsql stable as $$
begin
    if jsonb_typeof(value) is distinct from 'object' then
        return warden_fail(format('%s needs an object, not %s', label, coalesce(jsonb_typeof(value), 'a missing value')));
    end if;
    return value;
end $$;

-- The values $unwind walks: an array's elements, a single value as itself, nothing for null or missing.
create function warden_unwound(value jsonb) returns jsonb language sql immutable as $$
    select case when value is null or value = 'null'::jsonb then '[]'::jsonb
                when jsonb_typeof(value) = 'array' then value
                else jsonb_build_array(value) end
$$;

-- An array's elements in MongoDB's order across types ($addToSet results).
create function warden_sorted(items jsonb) returns jsonb language sql immutable as $$
    select coalesce(jsonb_agg(x order by
        case jsonb_typeof(x) when 'number' then 2 when 'string' then 3 when 'object' then 4
            when 'array' then 5 when 'boolean' then 6 else 1 end,
        case when jsonb_typeof(x) = 'number' then x::numeric end,
        case when jsonb_typeof(x) = 'string' then x #>> '{}' end collate "C",
        x), '[]'::jsonb)
    from jsonb_array_elements(items) x
$$;

-- The local values a $lookup matches on: an array's elements, a missing value as null; scalars only.
create function warden_lookup_values(local jsonb) returns setof jsonb language sql immutable as $$
    select v from jsonb_array_elements(case when jsonb_typeof(local) = 'array' then local
                                            else jsonb_build_array(coalesce(local, 'null'::jsonb)) end) v
    where jsonb_typeof(v) not in ('object', 'array')
$$;

-- Volatile, so PostgreSQL keeps the subquery calling it apart (a $group's narrowed inputs are then
-- computed once per document); it does nothing else.
create function warden_fence() returns integer language sql volatile as $$ select 1 $$;

-- Pipelines may run in parallel workers: every helper they call is safe there.
alter function warden_fence() parallel safe;
alter function warden_field(text, jsonb) parallel safe;
alter function warden_put(jsonb, text[], jsonb) parallel safe;
alter function warden_fold(text, jsonb[]) parallel safe;
alter function warden_binary(text, jsonb, jsonb) parallel safe;
alter function warden_concat(jsonb[]) parallel safe;
alter function warden_case(jsonb, boolean) parallel safe;
alter function warden_size(jsonb) parallel safe;
alter function warden_truthy(jsonb) parallel safe;
alter function warden_object(jsonb, text) parallel safe;
alter function warden_unwound(jsonb) parallel safe;
alter function warden_sorted(jsonb) parallel safe;
alter function warden_lookup_values(jsonb) parallel safe;
alter function warden_fail(text) parallel safe;
alter function warden_unset(jsonb, text[]) parallel safe;
alter function warden_compare(jsonb, jsonb) parallel safe;
