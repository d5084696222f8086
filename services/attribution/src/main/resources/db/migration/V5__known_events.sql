-- Known events: days that say nothing about a release (holidays, campaigns, incidents, data outages). The model reads
-- their days as missing on the metrics they name (every metric when they name none).
create table known_event (
    id           uuid primary key,
    name         text        not null,
    kind         text        not null,
    day_from     date        not null,
    day_to       date        not null,
    -- sorted and without duplicates; empty: every metric
    metrics      text[]      not null,
    -- SHA-256 of name, days and metrics: an event posted twice is stored once (the metrics may be too long together
    -- for a unique index on the columns themselves)
    identity_key text        not null unique,
    created_at   timestamptz not null,
    check (day_to >= day_from)
);
create index known_event_by_days on known_event (day_from, day_to);
create index known_event_by_metric on known_event using gin (metrics);
