-- Every write pays for the change log's indexes. History reads one document's few changes, so an
-- index on the document id alone finds them as well as (account, mesh, document_id, version) did,
-- at a narrower entry per write (insert with the change log: 0.76–0.89 of without before, 0.94–1.04
-- after, measured by bench/realtime.py's interleaved A/B).
drop index changes_by_document;
create index changes_by_document on changes (document_id);
