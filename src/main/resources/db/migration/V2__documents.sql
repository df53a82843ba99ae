-- Every mesh of every account in one table. data holds the document without _id (the id column
-- has it, merged back on the way out). id is 24 hex characters; collation C makes its order the
-- byte order everywhere, so ORDER BY id walks the primary key.
create table documents (
    account     text not null references accounts (name) on delete cascade,
    mesh        text not null,
    id          text collate "C" not null,
    data        jsonb not null,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    primary key (account, mesh, id)
);

-- Containment (@>) for equality filters.
create index documents_data on documents using gin (data jsonb_path_ops);
