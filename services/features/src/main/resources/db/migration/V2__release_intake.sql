-- Release intake from CI systems: delivery ids make redelivery idempotent; rollbacks mark what they replaced.
alter table release add column delivery_id text;
alter table release add column creator text;
alter table release add column description text;
alter table release add column state text not null default 'deployed';
alter table release add column rolled_back_at timestamptz;
alter table release add column rolled_back_by uuid;
alter table release add column rollback_of uuid;

create unique index release_source_delivery on release (source, delivery_id) where delivery_id is not null;
create index release_service_environment on release (service, environment, deployed_at desc);
