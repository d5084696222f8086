-- A bucket is due for announcing while "revision" is above "published_revision". The index that found due buckets had
-- that comparison as its predicate and "updated_at" as its key, both changed by every upsert, so no upsert of a bucket
-- could be a HOT update: each one wrote new entries into that index and into the wide primary key. "due_since" (when
-- the bucket last became due; null when it is not) changes only when a bucket becomes due or is announced, so the
-- upserts between two announcements leave every indexed column as it was and can be HOT updates, given free room in
-- the page (fillfactor).
alter table rollup add column due_since timestamptz;
update rollup set due_since = updated_at where revision <> published_revision;
drop index rollup_unpublished;
create index rollup_due on rollup (due_since) where due_since is not null;
alter table rollup set (fillfactor = 80);
