package dev.whatmoved.notify.domain;

import java.util.Arrays;
import java.util.Optional;

/** What a team can be told; a rule lists the kinds it routes to its channel. */
public enum NotificationKind {
    /** A decisive verdict at a checkpoint before the prediction's horizon (a sequential early read). */
    VERDICT_EARLY_READ("verdict.early-read"),
    /** The verdict at the prediction's horizon (or a change of it when late data recomputes it). */
    VERDICT_FINAL("verdict.final"),
    /** A guardrail metric degraded beyond its tolerance after a release. */
    GUARDRAIL_BREACHED("guardrail.breached"),
    /** A release shipped with no linked feature: nothing it does can be measured against a prediction. */
    RELEASE_UNLINKED("release.unlinked"),
    /** A release shipped a feature that has no committed prediction. */
    FEATURE_UNPREDICTED("feature.unpredicted"),
    /** A prediction was amended after its feature shipped: it no longer counts as a clean prediction. */
    PREDICTION_AMENDED_AFTER_SHIP("prediction.amended-after-ship"),
    /** The weekly "what moved" digest of the team (docs/notifications.md, The weekly digest). */
    DIGEST_WEEKLY("digest.weekly");

    private final String wire;

    NotificationKind(String wire) {
        this.wire = wire;
    }

    /** The name in rules, answers and the {@code X-Whatmoved-Notification} header. */
    public String wire() {
        return wire;
    }

    public static Optional<NotificationKind> fromWire(String wire) {
        return Arrays.stream(values()).filter(k -> k.wire.equals(wire)).findFirst();
    }

    public static String allWireNames() {
        return String.join(
                ", ", Arrays.stream(values()).map(NotificationKind::wire).toList());
    }
}
