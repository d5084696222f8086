-- The metrics issue: a metric catalogue, rollups per metric x dimension combination x hour and day with min/max (and
-- numerator/denominator sums for ratios), and the Kafka consumer's offsets, stored with the rollups they produced.

create table metric (
    key            text        primary key,
    name           text        not null,
    unit           text,
    aggregation    text        not null check (aggregation in ('sum', 'count', 'mean', 'ratio', 'last')),
    good_direction text        not null check (good_direction in ('up', 'down')),
    dimensions     text[]      not null default '{}',
    description    text,
    created_at     timestamptz not null
);

-- One bucket: a metric, a granularity, a dimension combination ('{}' is the total over all dimensions; otherwise a JSON
-- object with sorted keys, written by the service only) and the bucket's start. For ratio metrics "sum" is the sum of
-- numerators and "denominator" the sum of denominators. "revision" grows with each change; the bucket needs announcing
-- (a metric.rollup.v1 event) while "published_revision" is behind it: the row is its own outbox marker, written in the
-- same transaction as the change, so a burst of changes gives one event per announcement round.
create table rollup (
    metric             text             not null,
    granularity        text             not null check (granularity in ('hour', 'day')),
    dims               text             not null,
    bucket_start       timestamptz      not null,
    sum                double precision not null,
    count              bigint           not null,
    min                double precision,
    max                double precision,
    denominator        double precision,
    last_at            timestamptz,
    last_value         double precision,
    revision           bigint           not null,
    published_revision bigint           not null default 0,
    updated_at         timestamptz      not null,
    primary key (metric, granularity, dims, bucket_start)
);

create index rollup_unpublished on rollup (updated_at) where revision <> published_revision;

-- The foundation's daily totals become day buckets of the total; their metrics enter the catalogue as sums.
insert into metric (key, name, aggregation, good_direction, created_at)
select distinct metric, metric, 'sum', 'up', now() from daily_rollup;
insert into rollup (metric, granularity, dims, bucket_start, sum, count, revision, published_revision, updated_at)
select metric, 'day', '{}', day::timestamp at time zone 'UTC', sum, count, revision, revision, updated_at from daily_rollup;
drop table daily_rollup;

-- Where the Kafka ingestion stands, per partition: the offset of the next record to apply, written in the transaction
-- that applied the records before it (exactly-once effect). "owner" fences a consumer that lost the partition.
create table consumer_offset (
    group_id    text   not null,
    topic       text   not null,
    partition   int    not null,
    next_offset bigint,
    owner       uuid   not null,
    primary key (group_id, topic, partition)
);
