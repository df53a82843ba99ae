-- Access tokens carry the epoch they were issued in; a password change or deactivation bumps it,
-- so every token issued before stops working on its next request.
alter table users add column session_epoch integer not null default 0;

-- The version of each document: 1 on create, +1 on every write. It is the ETag of the document.
alter table documents add column version bigint not null default 1;

-- Failed credential checks per key (a username, a client address, a recovery hash), shared by
-- every instance on this database. A key is locked until locked_until after too many failures.
create table login_failures (
    account       text not null,
    key           text not null,
    failures      integer not null default 0,
    window_start  timestamptz not null default now(),
    lockouts      integer not null default 0,
    locked_until  timestamptz,
    primary key (account, key)
);
