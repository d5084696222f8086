-- When attribution received each release (its own clock, at consumption), so that calibration can tell a prediction
-- committed after a release shipping its feature had been reported (committedAfterShip) from a replay of an earlier
-- quarter whose releases are reported, backdated, after the predictions were committed. Releases stored before this
-- column have none: unknown, never flagged.
alter table release add column received_at timestamptz;
