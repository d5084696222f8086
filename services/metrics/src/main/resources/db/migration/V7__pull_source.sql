-- Pulled metrics (dev.whatmoved.metrics.pull): where each pulled metric's points come from, and how far it was pulled.
-- The watermark is advanced in the transaction that replaces the rollup buckets its rows fall into.
create table pull_source (
    metric               text primary key references metric (key),
    kind                 text not null,
    connection           text not null,
    query                text not null,
    watermark_column     text,
    every_ms             bigint not null,
    step_ms              bigint,
    backfill_ms          bigint,
    -- a changed definition starts again from its backfill: its watermark belongs to the old query
    version              integer not null,
    created_at           timestamptz not null,
    updated_at           timestamptz not null,
    watermark            text,
    next_due             timestamptz not null,
    last_pull_at         timestamptz,
    last_success_at      timestamptz,
    last_rows            bigint,
    last_error           text,
    last_error_at        timestamptz,
    consecutive_failures integer not null default 0
);

create index pull_source_due on pull_source (next_due);
