-- Events already applied: Kafka delivers at least once, so an event's effect is applied once per CloudEvents id.
create table processed_event (
    event_id     text primary key,
    type         text        not null,
    processed_at timestamptz not null default now()
);

-- What notify learns from the features topic: a feature's team (outcomes name only the feature) and whether it has
-- committed predictions (a release that ships it without them gets a nudge).
create table feature (
    key       text primary key,
    team      text,
    owner     text,
    title     text,
    committed boolean not null default false
);

create table prediction (
    feature_key  text not null references feature (key) on delete cascade,
    number       int  not null,
    metric       text not null,
    horizon_days int  not null,
    primary key (feature_key, number)
);

-- The teams a service's releases belong to, learned from releases that linked a team's committed features: who gets
-- the nudge for a release of that service with no linked feature.
create table service_team (
    service text not null,
    team    text not null,
    primary key (service, team)
);

-- The last verdict notified per outcome: a recomputed version with the same verdict is not news.
create table verdict_seen (
    outcome_id uuid primary key,
    verdict    text not null,
    version    int  not null
);

-- A team's rule: which kinds of notification go to which channel. target and secret are credentials (a Slack, Teams
-- or webhook URL holds its own token); the API never answers them back.
create table rule (
    id                   uuid primary key,
    team                 text        not null,
    name                 text        not null,
    kinds                text[]      not null,
    channel              text        not null,
    target               text        not null,
    secret               text,
    services             text[]      not null default '{}',
    created_at           timestamptz not null default now(),
    consecutive_failures int         not null default 0,
    last_error           text,
    last_failure_at      timestamptz,
    last_delivered_at    timestamptz
);
create index rule_team on rule (team);

-- The outbox of deliveries: written in the transaction that applies the event, one row per (event, rule), sent by the
-- delivery worker. status: pending (to send, maybe after a backoff), delivered, failed (gave up; last_error says why).
create table delivery (
    id              uuid primary key,
    event_id        text        not null,
    rule_id         uuid        not null references rule (id) on delete cascade,
    team            text        not null,
    kind            text        not null,
    notification    jsonb       not null,
    status          text        not null default 'pending',
    attempts        int         not null default 0,
    next_attempt_at timestamptz not null default now(),
    lease_until     timestamptz,
    last_error      text,
    created_at      timestamptz not null default now(),
    delivered_at    timestamptz,
    unique (event_id, rule_id)
);
create index delivery_due on delivery (next_attempt_at) where status = 'pending';
create index delivery_team on delivery (team, created_at desc);
