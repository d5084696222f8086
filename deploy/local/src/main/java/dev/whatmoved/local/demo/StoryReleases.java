package dev.whatmoved.local.demo;

import dev.whatmoved.local.demo.Scenario.Release;
import dev.whatmoved.local.demo.Scenario.Source;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The forty deployments of the demo's quarter, in the order they happened: the day of the quarter and the hour of
 * each, the service and version, the CI or CD system that reports it, the features it ships and its true effects on
 * the metrics.
 */
final class StoryReleases {

    private StoryReleases() {}

    /** Forty deployments, in the order they happened, from the quarter's first day {@code start}. */
    static List<Release> releases(LocalDate start) {
        ReleaseTimeline timeline = new ReleaseTimeline(start);
        Source ga = Source.GITHUB_ACTIONS;
        Source app = Source.GITHUB_APP;
        Source gl = Source.GITLAB;
        Source cdb = Source.CDEVENTS_BINARY;
        Source cds = Source.CDEVENTS_STRUCTURED;
        Source api = Source.API;
        timeline.add(2, 9, "growth-api", "3.14.0", api, "Rate-limit the invite endpoint", List.of(), Map.of(), "ben");
        timeline.add(
                3,
                10,
                "web-app",
                "v5.20.0",
                ga,
                "Onboarding checklist for new accounts (#1184)",
                List.of("onboarding-checklist"),
                Map.of("activations", 0.09),
                "ana");
        timeline.add(5, 14, "payments-service", "v2.3.0", gl, "Bump the PSP SDK to 9.2", List.of(), Map.of(), "dev");
        timeline.add(6, 11, "search", "4.2.0", cdb, "Index compaction", List.of(), Map.of(), "eli");
        timeline.add(
                8,
                13,
                "checkout",
                "7.4.0",
                app,
                "One-click checkout for returning buyers",
                List.of("one-click-checkout"),
                Map.of("checkout.orders", 0.05),
                "carla");
        timeline.add(
                9, 9, "recommendations", "2.0.0", cds, "Move to the new feature store", List.of(), Map.of(), "fay");
        timeline.add(
                10,
                15,
                "growth-api",
                "3.15.0",
                api,
                "Google and Apple sign-up at 50 %",
                List.of("social-signup"),
                Map.of("signups", 0.03),
                "ana");
        timeline.add(12, 16, "web-app", "v5.21.0", ga, "[hotfix] Broken footer links", List.of(), Map.of(), "ana");
        timeline.add(
                13,
                10,
                "payments-service",
                "v2.4.0",
                gl,
                "Split a bill between two cards",
                List.of("split-payments"),
                Map.of("checkout.orders", 0.02),
                "dev");
        timeline.add(
                15,
                12,
                "search",
                "4.3.0",
                cdb,
                "Typo-tolerant matching",
                List.of("typo-tolerant-search"),
                Map.of("search.zero-results", -0.25, "search.queries", -0.015),
                "eli");
        timeline.add(
                18,
                14,
                "growth-api",
                "3.16.0",
                api,
                "Referral rewards",
                List.of("referral-rewards"),
                Map.of("referral.invites", -0.08),
                "ben");
        timeline.add(
                20,
                11,
                "recommendations",
                "2.1.0",
                cds,
                "Semantic ranking",
                List.of("semantic-ranking"),
                Map.of("recs.clicks", 0.07, "api.errors", 0.30),
                "fay");
        timeline.add(
                23,
                10,
                "recommendations",
                "2.2.0",
                cds,
                "Similar items block",
                List.of("similar-items"),
                Map.of(),
                "fay");
        timeline.add(24, 16, "growth-api", "3.16.1", api, "Faster invite e-mails", List.of(), Map.of(), "ben");
        timeline.rollback(25, 8, "growth-api", "3.16.2", api, "Revert faster invite e-mails (queue backlog)", "ben");
        timeline.add(
                27,
                13,
                "web-app",
                "v5.22.0",
                ga,
                "One-tap e-mail verification (#1231)",
                List.of("email-verification-v2"),
                Map.of(),
                "ben");
        timeline.add(
                29,
                15,
                "checkout",
                "7.5.0",
                app,
                "Express shipping banner",
                List.of("express-shipping-banner"),
                Map.of("checkout.orders", -0.04),
                "dev");
        timeline.add(31, 10, "search", "4.3.1", cdb, "Query log sampling", List.of(), Map.of(), "eli");
        timeline.add(33, 14, "payments-service", "v2.4.1", gl, "Retry 3-D Secure timeouts", List.of(), Map.of(), "dev");
        timeline.add(
                35,
                11,
                "search",
                "4.4.0",
                cdb,
                "Typo tolerance for two-word queries",
                List.of("typo-tolerant-search"),
                Map.of("search.zero-results", -0.05, "api.errors", 0.40),
                "eli");
        timeline.rollback(37, 9, "search", "4.3.1", cdb, "Roll back 4.4.0: timeouts on long queries", "eli");
        timeline.redeploy(38, 10, "checkout", "7.4.0", app, "Redeploy 7.4.0 without the shipping banner", "dev");
        timeline.add(
                40,
                14,
                "growth-api",
                "3.17.0",
                api,
                "Google and Apple sign-up for everyone",
                List.of("social-signup"),
                Map.of("signups", 0.03),
                "ana");
        timeline.add(
                42,
                13,
                "recommendations",
                "2.2.1",
                cds,
                "Similar items on mobile",
                List.of("similar-items"),
                Map.of(),
                "fay");
        timeline.add(
                44,
                10,
                "web-app",
                "v5.23.0",
                ga,
                "Onboarding checklist: invite step (#1262)",
                List.of("onboarding-checklist"),
                Map.of(),
                "ana");
        timeline.add(
                46,
                12,
                "checkout",
                "7.6.0",
                app,
                "New checkout design",
                List.of("checkout-redesign"),
                Map.of("checkout.revenue", 0.03),
                "carla");
        timeline.add(50, 15, "search", "4.5.0", cdb, "Synonyms file reload", List.of(), Map.of(), "eli");
        timeline.add(
                52,
                11,
                "payments-service",
                "v2.5.0",
                gl,
                "Saved payment methods",
                List.of("saved-payment-methods"),
                Map.of(),
                "carla");
        timeline.add(58, 10, "web-app", "v5.24.0", ga, "Dark mode", List.of(), Map.of(), "ana");
        timeline.add(
                60,
                14,
                "recommendations",
                "2.3.0",
                cds,
                "Semantic ranking: cache embeddings",
                List.of("semantic-ranking"),
                Map.of("api.errors", -0.25),
                "fay");
        timeline.add(
                62,
                9,
                "growth-api",
                "3.18.0",
                api,
                "Referral rewards: simpler terms",
                List.of("referral-rewards"),
                Map.of(),
                "ben");
        timeline.add(
                64,
                13,
                "payments-service",
                "v2.5.1",
                gl,
                "Saved payment methods: expiry reminders",
                List.of("saved-payment-methods"),
                Map.of(),
                "carla");
        timeline.add(66, 11, "checkout", "7.6.1", app, "Fix the tax line on invoices", List.of(), Map.of(), "carla");
        timeline.add(69, 16, "search", "4.6.0", cdb, "Upgrade the search engine to 3.1", List.of(), Map.of(), "eli");
        timeline.add(71, 10, "web-app", "v5.25.0", ga, "Faster image CDN", List.of(), Map.of(), "ana");
        timeline.add(
                77,
                12,
                "checkout",
                "7.7.0",
                app,
                "Checkout redesign: address autocomplete",
                List.of("checkout-redesign"),
                Map.of(),
                "carla");
        timeline.add(80, 15, "growth-api", "3.19.0", api, "Audit log for account changes", List.of(), Map.of(), "ben");
        timeline.add(
                83,
                10,
                "payments-service",
                "v2.6.0",
                gl,
                "Split payments: three cards",
                List.of("split-payments"),
                Map.of(),
                "dev");
        timeline.add(84, 14, "recommendations", "2.3.1", cds, "Dependency updates", List.of(), Map.of(), "fay");
        timeline.add(88, 11, "web-app", "v5.26.0", ga, "Cookie banner copy", List.of(), Map.of(), "ana");
        return timeline.releases();
    }
}
