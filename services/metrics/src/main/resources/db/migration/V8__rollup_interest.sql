-- Which rollup series each consumer of metric.rollup.v1 reads (metric.interest.v1, topic whatmoved.metric-interest):
-- one row per consumer and metric ('*': every metric), replaced by a later declaration. The announcer sends a bucket
-- only if some row declares its series (or, for a metric no row names while no '*' row exists, every bucket); a bucket
-- passed over is marked as if announced ("published_revision" is the revision announced or passed over), and the
-- buckets of a series that becomes declared are made due again then (docs/metrics.md, "What is announced").
create table rollup_interest (
    consumer    text        not null,
    metric      text        not null,
    declared_at timestamptz not null,
    -- [{"granularity": "hour", "dimensions": ["country"]}, ...] as the event carries it
    series      jsonb       not null,
    primary key (consumer, metric)
);
