package dev.whatmoved.attribution.service;

import dev.whatmoved.attribution.domain.Checkpoint;
import dev.whatmoved.attribution.domain.Outcome;
import dev.whatmoved.attribution.domain.OutcomeDetail;

/**
 * One checkpoint with the latest version of its outcome, as the read use cases answer it (the REST layer maps it).
 *
 * @param outcome null while the checkpoint is pending (not computed yet)
 * @param detail the outcome's stored detail, read; null while pending
 */
public record CheckpointOutcome(Checkpoint checkpoint, Outcome outcome, OutcomeDetail detail) {

    public boolean pending() {
        return outcome == null;
    }
}
