-- What a bucket's value is depends on the metric's aggregation: the rollup events carry it (and a ratio metric's
-- denominator, a 'last' metric's latest value), so the model reads the metric's real value, not always the sum.
alter table daily_rollup add column denominator double precision;
alter table daily_rollup add column last double precision;
alter table daily_rollup add column aggregation text;

-- Hourly totals, for the 1-day checkpoint (a day of daily data is one point; 24 hours are 24).
create table hourly_rollup (
    metric      text             not null,
    hour        timestamptz      not null,
    sum         double precision not null,
    count       bigint           not null,
    denominator double precision,
    last        double precision,
    aggregation text,
    revision    bigint           not null,
    primary key (metric, hour)
);

-- A checkpoint whose computation fails is retried with a growing delay, and given up after a few attempts (until
-- new data for its window arrives); the last error is kept for operators and shown with the pending outcome.
alter table checkpoint add column failures integer not null default 0;
alter table checkpoint add column last_error text;
alter table checkpoint add column retry_at timestamptz;
