-- Releases of a service and environment are ordered by deployed_at, then by arrival: CI systems and CDEvents SDKs
-- write whole seconds, so a rollback often has the very timestamp of the release it replaces. arrival is a sequence
-- number given at insert; existing rows are numbered in the order they were received.
create sequence release_arrival_seq as bigint;
alter table release add column arrival bigint;
update release r
set arrival = numbered.n
from (select id, row_number() over (order by received_at, id) as n from release) numbered
where r.id = numbered.id;
select setval('release_arrival_seq', coalesce((select max(arrival) from release), 0) + 1, false);
alter table release alter column arrival set default nextval('release_arrival_seq');
alter table release alter column arrival set not null;
alter sequence release_arrival_seq owned by release.arrival;

create unique index release_arrival on release (arrival);
drop index release_service_environment;
create index release_service_environment on release (service, environment, deployed_at desc, arrival desc);
