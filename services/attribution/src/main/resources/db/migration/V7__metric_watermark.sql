-- Per metric, the instant up to which the metrics service has announced every point it ingested (metric.announced.v1).
-- A checkpoint of a metric that has a watermark is measured only once the watermark has reached its due time, so its
-- first version never misses data that was ingested but not yet announced.
create table metric_watermark (
    metric            text primary key,
    announced_through timestamptz not null
);
