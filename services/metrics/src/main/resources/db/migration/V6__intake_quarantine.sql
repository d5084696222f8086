-- What the intake applier could not add to the rollups: a bucket the database refuses (its key over an index's limit,
-- its sum overflowing a double...) or an intake row that cannot be read. It is moved here, in the transaction that
-- applies the rest of its round, so one bad bucket never stops the intake. "deltas" is the bucket in the intake's own
-- format (RollupCodec; for an unreadable row, the row's bytes as they were): once the cause is fixed, inserting it into
-- rollup_intake applies it (docs/operations.md). No index on the bucket's columns: they are what may be too long.
create table intake_quarantine (
    id             bigint generated always as identity primary key,
    quarantined_at timestamptz not null default now(),
    reason         text        not null,
    metric         text,
    granularity    text,
    dims           text,
    bucket_start   timestamptz,
    points         bigint      not null,
    deltas         bytea       not null
);
