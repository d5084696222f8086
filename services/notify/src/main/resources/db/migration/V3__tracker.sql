-- A feature's ticket in its team's tracker (feature.committed.v1 data.tracker, optional): messages about the feature
-- and the digest's lines link back to it.
alter table feature add column tracker_key text;
alter table feature add column tracker_url text;
alter table happening add column tracker_key text;
alter table happening add column tracker_url text;
