-- With fastupdate (the default) new entries wait in an unsorted pending list that every indexed
-- search scans in full until a vacuum merges it: after a burst of inserts, filtered lists slowed
-- to a third (bench: 50 list requests/s right after the insert workload, 150 later) and the merge
-- itself stalled inserts. Without it each write updates the index in place: steady cost, no tail.
alter index documents_data set (fastupdate = off);
