-- "Intake" is the features service's word for releases reported by CI (docs/intake.md). Here the two tables are where
-- points taken over HTTP wait for the rollups, and where what the rollups refuse is set aside: staging, and its
-- quarantine. Renamed with their sequences and primary keys; the data and the identity columns stay as they are.
alter table rollup_intake rename to rollup_staging;
alter sequence rollup_intake_id_seq rename to rollup_staging_id_seq;
alter index rollup_intake_pkey rename to rollup_staging_pkey;

alter table intake_quarantine rename to staging_quarantine;
alter sequence intake_quarantine_id_seq rename to staging_quarantine_id_seq;
alter index intake_quarantine_pkey rename to staging_quarantine_pkey;
