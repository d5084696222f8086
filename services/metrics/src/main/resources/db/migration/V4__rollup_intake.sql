-- The intake: points taken over HTTP (NDJSON, JSON arrays, CSV, OTLP gauges and deltas) wait here from the moment their
-- request is answered until the intake applier adds them to the rollups, deleting the row in that same transaction
-- (so each row is applied exactly once, whichever instance applies it). A row holds one group commit's points, checked
-- and added up per bucket (RollupCodec: metric, granularity, dimensions, bucket start -> sum, count, min, max,
-- denominator, last); the applier merges many rows into one upsert, so buckets shared by many requests are written once.
create table rollup_intake (
    id          bigint generated always as identity primary key,
    received_at timestamptz not null default now(),
    points      bigint      not null,
    buckets     int         not null,
    deltas      bytea       not null
);
-- The deltas are read once and deleted: not worth compressing.
alter table rollup_intake alter column deltas set storage external;
