-- Helpers for MongoDB-style update operators. Paths are text[] of object keys (never array
-- positions). Errors use SQLSTATE WD001 and become 400 responses naming the problem.

create function warden_fail(message text) returns jsonb language plpgsql immutable as $$
begin
    raise exception using errcode = 'WD001', message = message;
end $$;

-- Sets path to value, creating missing objects on the way; a non-object on the way is an error.
create function warden_set(doc jsonb, path text[], value jsonb) returns jsonb language plpgsql immutable as $$
declare
    head text := path[1];
begin
    if jsonb_typeof(doc) is distinct from 'object' then
        return warden_fail(format('Cannot create field %s inside a value that is not an object', head));
    end if;
    if cardinality(path) = 1 then
        return doc || jsonb_build_object(head, value);
    end if;
    return doc || jsonb_build_object(head, warden_set(coalesce(doc -> head, '{}'::jsonb), path[2:], value));
end $$;

create function warden_unset(doc jsonb, path text[]) returns jsonb language plpgsql immutable as $$
declare
    head text := path[1];
    child jsonb;
begin
    if jsonb_typeof(doc) is distinct from 'object' then
        return doc;
    end if;
    if cardinality(path) = 1 then
        return doc - head;
    end if;
    child := doc -> head;
    if jsonb_typeof(child) is distinct from 'object' then
        return doc;
    end if;
    return doc || jsonb_build_object(head, warden_unset(child, path[2:]));
end $$;

-- $inc (op '+') and $mul (op '*'): a missing field becomes the operand ($inc) or 0 ($mul).
create function warden_arith(doc jsonb, path text[], op text, operand numeric, label text) returns jsonb
language plpgsql immutable as $$
declare
    current jsonb := doc #> path;
begin
    if current is null then
        return warden_set(doc, path, to_jsonb(case when op = '+' then operand else 0 end));
    end if;
    if jsonb_typeof(current) <> 'number' then
        return warden_fail(format('Cannot apply %s to a non-numeric value at %s', label, array_to_string(path, '.')));
    end if;
    return warden_set(doc, path, to_jsonb(case when op = '+' then current::numeric + operand
                                              else current::numeric * operand end));
end $$;

-- MongoDB's order of values across types: null, numbers, strings, objects, arrays, booleans.
create function warden_compare(a jsonb, b jsonb) returns integer language sql immutable as $$
    select case
        when ra <> rb then sign(ra - rb)::integer
        when jsonb_typeof(a) = 'number' then sign(a::numeric - b::numeric)::integer
        when jsonb_typeof(a) = 'string' then
            case when (a #>> '{}') collate "C" < (b #>> '{}') collate "C" then -1
                 when (a #>> '{}') collate "C" > (b #>> '{}') collate "C" then 1 else 0 end
        else case when a < b then -1 when a > b then 1 else 0 end
    end
    from (select
        case jsonb_typeof(a) when 'number' then 2 when 'string' then 3 when 'object' then 4
            when 'array' then 5 when 'boolean' then 6 else 1 end as ra,
        case jsonb_typeof(b) when 'number' then 2 when 'string' then 3 when 'object' then 4
            when 'array' then 5 when 'boolean' then 6 else 1 end as rb) ranks
$$;

-- $min (want -1) and $max (want 1): set when missing, or when the operand is lower / higher.
create function warden_extreme(doc jsonb, path text[], value jsonb, want integer) returns jsonb
language plpgsql immutable as $$
declare
    current jsonb := doc #> path;
begin
    if current is null or warden_compare(value, current) = want then
        return warden_set(doc, path, value);
    end if;
    return doc;
end $$;

create function warden_rename(doc jsonb, source text[], target text[]) returns jsonb language plpgsql immutable as $$
declare
    value jsonb := doc #> source;
begin
    if value is null then
        return doc;
    end if;
    return warden_set(warden_unset(doc, source), target, value);
end $$;

-- The array at path (an empty one when missing); anything else there is an error.
create function warden_array(doc jsonb, path text[], label text) returns jsonb language plpgsql immutable as $$
declare
    current jsonb := doc #> path;
begin
    if current is null then
        return '[]'::jsonb;
    end if;
    if jsonb_typeof(current) <> 'array' then
        return warden_fail(format('Cannot apply %s to a non-array value at %s', label, array_to_string(path, '.')));
    end if;
    return current;
end $$;

create function warden_push(doc jsonb, path text[], items jsonb) returns jsonb language sql immutable as $$
    select warden_set(doc, path, warden_array(doc, path, '$push') || items)
$$;

create function warden_add_to_set(doc jsonb, path text[], items jsonb) returns jsonb language plpgsql immutable as $$
declare
    result jsonb := warden_array(doc, path, '$addToSet');
    item jsonb;
begin
    for item in select value from jsonb_array_elements(items) loop
        if not exists (select 1 from jsonb_array_elements(result) e where e = item) then
            result := result || jsonb_build_array(item);
        end if;
    end loop;
    return warden_set(doc, path, result);
end $$;

create function warden_pop(doc jsonb, path text[], direction integer) returns jsonb language plpgsql immutable as $$
declare
    current jsonb := doc #> path;
begin
    if current is null then
        return doc;
    end if;
    current := warden_array(doc, path, '$pop');
    if jsonb_array_length(current) = 0 then
        return doc;
    end if;
    return warden_set(doc, path, current - (case when direction = 1 then jsonb_array_length(current) - 1 else 0 end));
end $$;
