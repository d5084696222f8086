-- Foundation schema: daily totals per metric (UTC days, no dimensions yet). The metrics issue adds hourly buckets,
-- dimensions and min/max.
create table daily_rollup (
    metric     text             not null,
    day        date             not null,
    sum        double precision not null,
    count      bigint           not null,
    revision   bigint           not null,
    updated_at timestamptz      not null,
    primary key (metric, day)
);
