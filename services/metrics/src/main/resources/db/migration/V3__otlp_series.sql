-- OTLP cumulative sums and histograms arrive as running totals per series; each one's last total is kept here, in the
-- transaction of the rollups its delta went into, so a restart neither loses nor counts a delta twice.
create table otlp_series (
    series_key  text             primary key,
    start_nanos bigint           not null,
    time_nanos  bigint           not null,
    value       double precision not null,
    count       bigint           not null,
    updated_at  timestamptz      not null
);
