-- Spec §10.1: server-to-server credentials with their own permissions. Only a SHA-256 of the key
-- is kept (the key has 238 random bits, so a fast hash is enough and keeps the per-request lookup
-- cheap); permissions are stored as the token claim writes them, e.g. 'meshes.orders:cr:own'.
create table api_keys (
    account       text not null references accounts (name) on delete cascade,
    id            text collate "C" not null,
    name          text not null,
    description   text,
    prefix        text not null,
    key_hash      bytea not null,
    permissions   text[] not null,
    created_at    timestamptz not null default now(),
    expires_at    timestamptz,
    last_used_at  timestamptz,
    primary key (account, id)
);
create unique index api_keys_hash on api_keys (account, key_hash);

-- Spec §10.3: calls to the app's backend that may narrow a decision. The secret signs each call,
-- so it is kept as given out.
create table hooks (
    account      text not null references accounts (name) on delete cascade,
    id           text collate "C" not null,
    name         text not null,
    permissible  text not null,
    actions      text[] not null,
    url          text not null,
    timeout_ms   integer not null,
    fail_open    boolean not null,
    secret       text not null,
    created_at   timestamptz not null default now(),
    primary key (account, id)
);
