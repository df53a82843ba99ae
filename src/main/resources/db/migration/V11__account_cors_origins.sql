-- The origins browser apps may call an account from (exact origins such as https://app.example.com).
-- Per account, so one server can host apps served from different sites.
alter table accounts add column cors_origins text[] not null default '{}';
