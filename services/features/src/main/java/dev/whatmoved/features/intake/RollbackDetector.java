package dev.whatmoved.features.intake;

import dev.whatmoved.features.domain.Release;
import java.util.List;
import java.util.Optional;

/**
 * Decides which earlier release a new deployment rolls back: the latest release still deployed in the same service
 * and environment, when the sender flags the deployment as a rollback, or when the deployment brings back a version
 * that was deployed there before that latest one.
 */
public final class RollbackDetector {

    /** What was rolled back and how it was recognised (the {@code reason} of release.rolledback). */
    public record Rollback(Release release, String reason) {}

    private RollbackDetector() {}

    /**
     * @param incoming the new deployment
     * @param earlier releases of the same service and environment it comes after, newest first: deployed before it, or
     *     at the same time and stored before it (ordered by deployment time, then by arrival)
     */
    public static Optional<Rollback> detect(ReleaseIntake incoming, List<Release> earlier) {
        Optional<Release> latest = earlier.stream()
                .filter(r -> Release.STATE_DEPLOYED.equals(r.state))
                .findFirst();
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        if (incoming.rollback()) {
            String reason = ReleaseIntake.CDEVENTS.equals(incoming.source()) ? "cdevents" : "flagged";
            return Optional.of(new Rollback(latest.get(), reason));
        }
        Release current = latest.get();
        if (current.version.equals(incoming.version())) {
            return Optional.empty();
        }
        boolean redeploy = earlier.stream()
                .dropWhile(r -> r != current)
                .skip(1)
                .anyMatch(r -> r.version.equals(incoming.version()));
        return redeploy ? Optional.of(new Rollback(current, "redeploy")) : Optional.empty();
    }
}
