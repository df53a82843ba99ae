-- Spec §13: the tenant header partitions an account's data. Users (with their memberships and
-- refresh tokens, which hang off the user), documents and their changes belong to one tenant; ''
-- is the default tenant (no header). Roles, permissions, projections, API keys and hooks stay
-- account-wide definitions. User ids stay unique per account, so every table keyed by user id
-- (memberships, refresh tokens, the access cache) needs no tenant of its own.
create table tenants (
    account     text not null references accounts (name) on delete cascade,
    name        text not null check (name ~ '^[A-Za-z0-9]{1,64}$'),
    created_at  timestamptz not null default now(),
    primary key (account, name)
);

alter table users add column tenant text not null default '';
drop index users_username;
create unique index users_username on users (account, tenant, lower(username));

-- The tenant sits before the id, so a page of one tenant's mesh in id order still walks the key.
alter table documents add column tenant text not null default '';
alter table documents drop constraint documents_pkey;
alter table documents add primary key (account, mesh, tenant, id);

alter table changes add column tenant text not null default '';

create or replace function record_change() returns trigger language plpgsql as $$
declare
    actor text := nullif(current_setting('warden.actor', true), '');
    kind text := split_part(actor, ':', 1);
    who text := substr(actor, length(kind) + 2);
begin
    if tg_op = 'INSERT' then
        insert into changes (account, tenant, mesh, document_id, op, version, document, owner_id, owner_type,
                             actor_type, actor_id)
        values (new.account, new.tenant, new.mesh, new.id, 'create', new.version, new.data, new.owner_id,
                new.owner_type, kind, who);
    elsif tg_op = 'UPDATE' then
        if new.version = old.version then
            return null;
        end if;
        insert into changes (account, tenant, mesh, document_id, op, version, document, previous, owner_id,
                             owner_type, actor_type, actor_id)
        values (new.account, new.tenant, new.mesh, new.id, 'update', new.version, new.data, old.data,
                new.owner_id, new.owner_type, kind, who);
    else
        insert into changes (account, tenant, mesh, document_id, op, version, previous, owner_id, owner_type,
                             actor_type, actor_id)
        values (old.account, old.tenant, old.mesh, old.id, 'delete', old.version, old.data, old.owner_id,
                old.owner_type, kind, who);
    end if;
    return null;
end
$$;
