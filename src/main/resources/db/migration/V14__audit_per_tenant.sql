-- Spec §13: an audit entry belongs to the tenant its request acted in (users, and so the
-- principals and targets the entries name, belong to one tenant). '' is the default tenant.
alter table audit_log add column tenant text not null default '';
drop index audit_log_at;
create index audit_log_at on audit_log (account, tenant, at desc, id desc);
