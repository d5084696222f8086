-- Foundation schema: what attribution has learned from the other services' events.
create table feature (
    key          text primary key,
    metrics      text[]      not null,
    committed_at timestamptz not null
);

create table release (
    id          uuid primary key,
    service     text        not null,
    version     text        not null,
    environment text        not null,
    commit_sha  text,
    deployed_at timestamptz not null,
    features    text[]      not null
);

create table daily_rollup (
    metric   text             not null,
    day      date             not null,
    sum      double precision not null,
    count    bigint           not null,
    revision bigint           not null,
    primary key (metric, day)
);
