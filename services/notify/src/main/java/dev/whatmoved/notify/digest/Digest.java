package dev.whatmoved.notify.digest;

import dev.whatmoved.notify.domain.Message;
import java.time.Instant;
import java.util.List;

/**
 * A team's "what moved" over a period: what it was told (or could have been), and what is still to be read.
 *
 * @param from start of the period (inclusive)
 * @param to end of the period (exclusive)
 * @param calibration the team's calibration over the quarters, from attribution (or why it could not be read)
 */
public record Digest(
        String team,
        Instant from,
        Instant to,
        List<Item> verdicts,
        List<Item> breaches,
        List<Item> withoutPrediction,
        List<Item> amended,
        List<Pending> pending,
        CalibrationTrend calibration) {

    /** Something that happened: its kind, when, its one-line title, a link and its feature's ticket (or null). */
    public record Item(String kind, Instant at, String title, String link, Message.Tracker tracker) {}

    /**
     * A prediction of a shipped release not read to its horizon yet.
     *
     * @param nextCheckpointDays the next checkpoint to be measured, days after the release
     * @param nextReadAt when that checkpoint's window ends (attribution measures it then, after a grace for late data)
     * @param finalReadAt when the prediction's horizon is reached: the final verdict
     */
    public record Pending(
            String featureKey,
            int predictionNumber,
            String metric,
            String service,
            String environment,
            Instant deployedAt,
            int nextCheckpointDays,
            Instant nextReadAt,
            int horizonDays,
            Instant finalReadAt) {}

    public boolean isQuiet() {
        return verdicts.isEmpty() && breaches.isEmpty() && withoutPrediction.isEmpty() && amended.isEmpty();
    }
}
