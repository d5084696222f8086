package dev.whatmoved.local.demo;

import dev.whatmoved.local.demo.Scenario.Feed;
import dev.whatmoved.local.demo.Scenario.Metric;
import dev.whatmoved.local.demo.Scenario.Week;
import java.util.List;

/**
 * The ten metrics of the demo's story, three or four per team: how each reaches whatmoved, its daily level and trend,
 * its weekly pattern and its noise.
 */
final class StoryMetrics {

    private StoryMetrics() {}

    static List<Metric> metrics() {
        return List.of(
                new Metric(
                        "signups",
                        "Sign-ups",
                        "accounts",
                        "up",
                        "growth",
                        Feed.KAFKA,
                        1200,
                        0.003,
                        Week.SHOPPING,
                        0.025,
                        true),
                new Metric(
                        "activations",
                        "Activated accounts",
                        "accounts",
                        "up",
                        "growth",
                        Feed.KAFKA,
                        640,
                        0.003,
                        Week.SHOPPING,
                        0.03,
                        true),
                new Metric(
                        "referral.invites",
                        "Referral invites sent",
                        "invites",
                        "up",
                        "growth",
                        Feed.KAFKA,
                        310,
                        0,
                        Week.SHOPPING,
                        0.035,
                        true),
                new Metric(
                        "checkout.orders",
                        "Orders",
                        "orders",
                        "up",
                        "checkout",
                        Feed.KAFKA,
                        2600,
                        0.002,
                        Week.SHOPPING,
                        0.015,
                        true),
                new Metric(
                        "checkout.revenue",
                        "Revenue",
                        "EUR",
                        "up",
                        "checkout",
                        Feed.KAFKA,
                        182_000,
                        0.002,
                        Week.SHOPPING,
                        0.02,
                        false),
                new Metric(
                        "payment.failures",
                        "Failed payments",
                        "payments",
                        "down",
                        "checkout",
                        Feed.KAFKA,
                        95,
                        0,
                        Week.SHOPPING,
                        0.06,
                        true),
                new Metric(
                        "recs.clicks",
                        "Recommendation clicks",
                        "clicks",
                        "up",
                        "discovery",
                        Feed.KAFKA,
                        8800,
                        0.001,
                        Week.SHOPPING,
                        0.015,
                        true),
                new Metric(
                        "search.queries",
                        "Search queries",
                        "queries",
                        "up",
                        "discovery",
                        Feed.OTLP,
                        46_000,
                        0.002,
                        Week.SHOPPING,
                        0.012,
                        true),
                new Metric(
                        "search.zero-results",
                        "Searches without a result",
                        "queries",
                        "down",
                        "discovery",
                        Feed.OTLP,
                        3300,
                        0,
                        Week.SHOPPING,
                        0.025,
                        true),
                new Metric(
                        "api.errors",
                        "API 5xx responses",
                        "responses",
                        "down",
                        "discovery",
                        Feed.OTLP,
                        420,
                        0,
                        Week.WORKDAY,
                        0.05,
                        true));
    }
}
