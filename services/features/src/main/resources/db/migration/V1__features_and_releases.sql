-- Foundation schema. The features issue grows features into full pre-registered predictions.
create table feature (
    key          text primary key,
    metric       text        not null,
    committed_at timestamptz not null
);

create table release (
    id          uuid primary key,
    service     text        not null,
    version     text        not null,
    environment text        not null,
    commit_sha  text,
    deployed_at timestamptz not null,
    received_at timestamptz not null,
    source      text        not null,
    features    text[]      not null default '{}'
);

create index release_service_deployed_at on release (service, deployed_at desc);
