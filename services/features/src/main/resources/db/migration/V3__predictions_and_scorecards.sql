-- Features grow into pre-registered predictions with a lifecycle (draft → committed → shipped → concluded, or
-- retired), a version history per prediction, and a scorecard fed by outcome events.
alter table feature add column title text;
alter table feature add column team text;
alter table feature add column owner text;
alter table feature add column problem text;
alter table feature add column status text not null default 'committed';
alter table feature add column created_at timestamptz not null default now();
alter table feature add column shipped_at timestamptz;
alter table feature add column horizon_ends_at timestamptz;
alter table feature add column retired_at timestamptz;
alter table feature alter column committed_at drop not null;

create table prediction (
    id                  uuid primary key,
    feature_key         text             not null references feature (key),
    number              int              not null,
    version             int              not null,
    metric              text             not null,
    direction           text             not null,
    expected_change_pct double precision,
    low_pct             double precision,
    high_pct            double precision,
    confidence          double precision not null,
    horizon_days        int              not null,
    guardrail           boolean          not null,
    tolerance_pct       double precision,
    created_at          timestamptz      not null,
    superseded_at       timestamptz,
    amendment_reason    text,
    amended_after_ship  boolean          not null default false,
    unique (feature_key, number, version)
);

-- The foundation's one-metric features become one committed prediction each (direction and confidence unknown then).
insert into prediction (id, feature_key, number, version, metric, direction, confidence, horizon_days, guardrail,
                        created_at)
select gen_random_uuid(), key, 1, 1, metric, 'up', 0.5, 90, false, coalesce(committed_at, now())
from feature;
alter table feature drop column metric;

create index feature_team_owner_status on feature (team, owner, status);
create index release_features on release using gin (features);

create table scorecard_entry (
    feature_key           text             not null,
    prediction_number     int              not null,
    checkpoint_days       int              not null,
    release_id            uuid             not null,
    prediction_version    int              not null,
    metric                text             not null,
    verdict               text             not null,
    rel_effect_pct        double precision,
    rel_effect_lower_pct  double precision,
    rel_effect_upper_pct  double precision,
    p                     double precision,
    method                text             not null,
    outcome_version       int              not null,
    measured_at           timestamptz      not null,
    primary key (feature_key, prediction_number, checkpoint_days, release_id)
);
