-- Spec §9.2: a permission on meshes reaches all documents or only the holder's own.
alter table permissions add column scope text not null default 'all' check (scope in ('all', 'own'));

-- Every document records who created it: a user ('user'), later an API key or a capability subject.
-- Documents written before this version have no owner: own-scoped callers never see them.
alter table documents add column owner_id text;
alter table documents add column owner_type text;
-- No index on owner_id, on purpose: an own-scoped read is meant to be the same query as an
-- all-scoped one plus "owner_id = $n" checked on the rows it visits (see ADR 0008).

-- Spec §9.4: append-only record of who changed access and who was refused.
create table audit_log (
    account         text not null references accounts (name) on delete cascade,
    id              text collate "C" not null,
    at              timestamptz not null default now(),
    action          text not null,
    principal_type  text,
    principal_id    text,
    principal_name  text,
    target_type     text,
    target_id       text,
    target_name     text,
    details         jsonb not null default '{}'::jsonb,
    count           integer not null default 1,
    primary key (account, id)
);
create index audit_log_at on audit_log (account, at desc, id desc);
