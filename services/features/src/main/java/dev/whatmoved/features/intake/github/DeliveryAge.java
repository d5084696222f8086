package dev.whatmoved.features.intake.github;

import dev.whatmoved.kit.problem.Problem;
import dev.whatmoved.kit.problem.ProblemException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Bounds how old a signed deployment may be when it arrives. GitHub delivers a status as it is created, never retries on
 * its own, and lets a person redeliver a delivery of the last 3 days (GitHub.com) or 7 days (Enterprise Server), so a
 * body whose status is older than the bound (7 days by default) was not sent by GitHub: it is a captured delivery
 * replayed, and it is refused.
 */
public final class DeliveryAge {

    private DeliveryAge() {}

    /**
     * @throws ProblemException 422 {@code delivery-too-old} naming the time field, when the status was reported more
     *     than {@code maxAge} before {@code now}
     */
    public static void check(GitHubDelivery.Deployment deployment, Instant now, Duration maxAge) {
        if (!deployment.reportedAt().isBefore(now.minus(maxAge))) {
            return;
        }
        String message = "is " + deployment.reportedAt() + ", more than " + describe(maxAge)
                + " ago: GitHub redelivers deliveries of the last 3 days (7 on Enterprise Server), so this is a replay"
                + " (an import of older deployments needs a larger whatmoved.intake.github.max-delivery-age)";
        throw new ProblemException(
                422,
                "delivery-too-old",
                "Delivery too old",
                deployment.reportedAtField() + " " + message,
                List.of(new Problem.FieldError(deployment.reportedAtField(), message)));
    }

    static String describe(Duration age) {
        if (age.toDays() > 0 && age.toSeconds() % Duration.ofDays(1).toSeconds() == 0 && age.toNanosPart() == 0) {
            return age.toDays() == 1 ? "1 day" : age.toDays() + " days";
        }
        return age.toString();
    }
}
