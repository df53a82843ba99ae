-- Spec §11: every committed write to a document appends one change, with a strictly increasing
-- seq, in the same transaction as the write. It is both the realtime log and the history (§11.2):
-- version is the document's ETag after the change (on delete: the version deleted).
create table changes (
    seq          bigint generated always as identity primary key,
    account      text not null,
    mesh         text not null,
    document_id  text collate "C" not null,
    op           text not null check (op in ('create', 'update', 'delete')),
    version      bigint not null,
    document     jsonb,
    previous     jsonb,
    owner_id     text,
    owner_type   text,
    actor_type   text,
    actor_id     text,
    at           timestamptz not null default now()
);
-- As few indexes as the reads need, each one costs every write: replay walks the primary key
-- (a range of seq), history the document's changes, retention a BRIN range on the append order.
create index changes_by_document on changes (account, mesh, document_id, version);
create index changes_by_time on changes using brin (at);

-- A trigger, so no write path can forget it. The writer names itself for the statement's
-- transaction with set_config('warden.actor', '<type>:<id>', true); writes made outside Warden
-- (psql, pgbench) are recorded without an actor. An owner transfer is not a document change.
create function record_change() returns trigger language plpgsql as $$
declare
    actor text := nullif(current_setting('warden.actor', true), '');
    kind text := split_part(actor, ':', 1);
    who text := substr(actor, length(kind) + 2);
begin
    if tg_op = 'INSERT' then
        insert into changes (account, mesh, document_id, op, version, document, owner_id, owner_type,
                             actor_type, actor_id)
        values (new.account, new.mesh, new.id, 'create', new.version, new.data, new.owner_id,
                new.owner_type, kind, who);
    elsif tg_op = 'UPDATE' then
        if new.version = old.version then
            return null;
        end if;
        insert into changes (account, mesh, document_id, op, version, document, previous, owner_id,
                             owner_type, actor_type, actor_id)
        values (new.account, new.mesh, new.id, 'update', new.version, new.data, old.data, new.owner_id,
                new.owner_type, kind, who);
    else
        insert into changes (account, mesh, document_id, op, version, previous, owner_id, owner_type,
                             actor_type, actor_id)
        values (old.account, old.mesh, old.id, 'delete', old.version, old.data, old.owner_id,
                old.owner_type, kind, who);
    end if;
    return null;
end
$$;

create trigger documents_changes after insert or update or delete on documents
    for each row execute function record_change();
