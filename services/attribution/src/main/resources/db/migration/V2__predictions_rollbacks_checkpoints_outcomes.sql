-- Outcomes of releases: the full predictions, rollbacks, one checkpoint per (release, prediction, days) and every
-- version of every outcome computed at a checkpoint.

-- A feature's predictions replace the metric list of the foundation; a feature may be known from an amendment before
-- its commitment arrives (events on different keys are not ordered).
alter table feature drop column metrics;
alter table feature alter column committed_at drop not null;
alter table feature add column title text;
alter table feature add column team text;
alter table feature add column owner text;

-- The current version of each prediction of a feature; an amendment (a higher version) replaces it.
create table prediction (
    feature_key         text             not null,
    number              integer          not null,
    version             integer          not null,
    metric              text             not null,
    direction           text             not null,
    expected_change_pct double precision,
    low_pct             double precision,
    high_pct            double precision,
    confidence          double precision,
    horizon_days        integer          not null,
    guardrail           boolean          not null,
    tolerance_pct       double precision,
    amended_after_ship  boolean          not null,
    recorded_at         timestamptz      not null,
    primary key (feature_key, number)
);
create index prediction_by_metric on prediction (metric);

alter table release add column rollback_of uuid;
create index release_by_feature on release using gin (features);

-- Kept apart from release: a rollback may arrive before the release it names.
create table release_rollback (
    release_id     uuid primary key,
    rolled_back_at timestamptz not null,
    rolled_back_by uuid,
    reason         text        not null
);

-- One measurement point of a release x prediction. Its id is the outcome id (stable across versions). "stale" means
-- (re)compute when due: set on creation and whenever an event changes something inside the window.
create table checkpoint (
    id                 uuid primary key,
    release_id         uuid        not null,
    feature_key        text        not null,
    prediction_number  integer     not null,
    prediction_version integer     not null,
    checkpoint_days    integer     not null,
    metric             text        not null,
    window_from        date        not null,
    window_to          date        not null,
    due_at             timestamptz not null,
    stale              boolean     not null,
    version            integer     not null,
    input_hash         text,
    unique (release_id, feature_key, prediction_number, checkpoint_days)
);
create index checkpoint_due on checkpoint (due_at) where stale;
create index checkpoint_by_metric on checkpoint (metric, window_from, window_to);
create index checkpoint_by_feature on checkpoint (feature_key);

create table outcome (
    checkpoint_id      uuid             not null references checkpoint (id),
    version            integer          not null,
    release_id         uuid             not null,
    feature_key        text             not null,
    prediction_number  integer          not null,
    prediction_version integer          not null,
    checkpoint_days    integer          not null,
    metric             text             not null,
    verdict            text             not null,
    reason             text,
    rel_effect         double precision,
    rel_effect_lower   double precision,
    rel_effect_upper   double precision,
    p                  double precision,
    guardrail_breached boolean          not null,
    method             text             not null,
    measured_at        timestamptz      not null,
    detail             text             not null,
    primary key (checkpoint_id, version)
);
create index outcome_by_release on outcome (release_id);
create index outcome_by_metric on outcome (metric);
