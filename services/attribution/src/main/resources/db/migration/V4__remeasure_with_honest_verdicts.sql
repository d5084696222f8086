-- The method changed (two scales, placebo calibration, spikes set aside, control checks, alpha spent across the
-- checkpoints): every outcome measured so far is measured again. Its inputs' fingerprint now carries the method's
-- version, so the recomputation makes a new version (kept next to the old ones, which stay readable); nothing is lost.
update checkpoint set stale = true, failures = 0, retry_at = null where version > 0;
