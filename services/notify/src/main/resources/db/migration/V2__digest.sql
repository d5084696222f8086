-- What the weekly digest reads, written by the intake with each event's effect.

-- Everything a team could be told, whether or not a rule routes it: the digest's "what happened".
create table happening (
    id          bigserial primary key,
    team        text        not null,
    kind        text        not null,
    occurred_at timestamptz not null default now(),
    title       text        not null,
    link        text
);
create index happening_team on happening (team, occurred_at);

-- Releases that shipped committed features: with the predictions' horizons, what is still to be read and when.
create table release_link (
    release_id  uuid        not null,
    feature_key text        not null,
    service     text        not null,
    environment text        not null,
    deployed_at timestamptz not null,
    primary key (release_id, feature_key)
);

-- Checkpoints measured (any verdict), so the digest knows what is no longer pending.
create table outcome_seen (
    release_id        uuid not null,
    feature_key       text not null,
    prediction_number int  not null,
    checkpoint_days   int  not null,
    primary key (release_id, feature_key, prediction_number, checkpoint_days)
);
