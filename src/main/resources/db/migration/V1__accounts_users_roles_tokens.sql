-- Every fixed table is keyed by account: accounts never see each other's rows.

create table accounts (
    name              text primary key,
    anonymous_signup  boolean not null default true,
    public_signup     boolean not null default true,
    verification      text    not null default 'none' check (verification in ('none', 'question', 'email', 'text')),
    created_at        timestamptz not null default now()
);

create table clients (
    public_key  text primary key,
    account     text not null references accounts (name) on delete cascade,
    created_at  timestamptz not null default now()
);
create index clients_account on clients (account);

create table users (
    account             text not null references accounts (name) on delete cascade,
    id                  text not null,
    username            text not null,
    password_hash       text,
    first_name          text,
    last_name           text,
    phone_number        text,
    email_address       text,
    verified            boolean not null default false,
    is_active           boolean not null default false,
    anonymous           boolean not null default false,
    security_questions  jsonb not null default '[]'::jsonb,
    created_at          timestamptz not null default now(),
    last_accessed       timestamptz,
    primary key (account, id)
);
create unique index users_username on users (account, lower(username));

create table roles (
    account      text not null references accounts (name) on delete cascade,
    id           text not null,
    name         text not null,
    description  text not null default '',
    system       boolean not null default false,
    created_at   timestamptz not null default now(),
    primary key (account, id)
);
create unique index roles_name on roles (account, lower(name));

-- Explicit memberships. meshy.user and meshy.anonymous are implicit (derived from users.anonymous).
create table user_roles (
    account     text not null,
    user_id     text not null,
    role_id     text not null,
    added_at    timestamptz not null default now(),
    primary key (account, user_id, role_id),
    foreign key (account, user_id) references users (account, id) on delete cascade,
    foreign key (account, role_id) references roles (account, id) on delete cascade
);
create index user_roles_role on user_roles (account, role_id);

create table permissions (
    account      text not null,
    id           text not null,
    role_id      text not null,
    permissible  text not null,
    can_create   boolean not null default false,
    can_read     boolean not null default false,
    can_update   boolean not null default false,
    can_delete   boolean not null default false,
    primary key (account, id),
    unique (account, role_id, permissible),
    foreign key (account, role_id) references roles (account, id) on delete cascade
);

create table refresh_tokens (
    token_hash  text primary key,
    account     text not null,
    user_id     text not null,
    family      text not null,
    scope       text not null default '',
    expires_at  timestamptz not null,
    spent_at    timestamptz,
    revoked_at  timestamptz,
    created_at  timestamptz not null default now(),
    foreign key (account, user_id) references users (account, id) on delete cascade
);
create index refresh_tokens_family on refresh_tokens (family);

-- One key pair shared by every instance on this database, so tokens verify everywhere and survive restarts.
create table signing_keys (
    id           text primary key,
    private_key  text not null,
    public_key   text not null,
    hmac_secret  text not null,
    created_at   timestamptz not null default now()
);
