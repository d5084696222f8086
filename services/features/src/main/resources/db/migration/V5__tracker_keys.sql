-- A feature may name its ticket in the team's tracker (Jira, Linear, a GitHub issue): release intake links a release
-- to the feature when its commit messages or PR titles name the ticket, as they name feature keys. Keys are compared
-- without case (Linear branch names write eng-123 for ENG-123), so one ticket belongs to at most one feature.
alter table feature add column tracker_key text;
alter table feature add column tracker_url text;
create unique index feature_tracker_key on feature (upper(tracker_key)) where tracker_key is not null;
