package dev.whatmoved.local.demo;

import dev.whatmoved.local.demo.Scenario.Amendment;
import dev.whatmoved.local.demo.Scenario.Feature;
import dev.whatmoved.local.demo.Scenario.Feed;
import dev.whatmoved.local.demo.Scenario.Metric;
import dev.whatmoved.local.demo.Scenario.Prediction;
import dev.whatmoved.local.demo.Scenario.Release;
import dev.whatmoved.local.demo.Scenario.Source;
import dev.whatmoved.local.demo.Scenario.Week;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's story: three teams of an online shop over one calendar quarter. The quarter is the latest one whose
 * releases are all more than 90 days old (so every checkpoint, 1 to 90 days, can be measured), and the metrics start
 * ten weeks before it (the model learns from the 8 weeks before each release) and run until yesterday.
 */
public final class QuarterStory {

    /** The seed of the metric noise when none is given. */
    public static final long DEFAULT_SEED = 20260401L;

    /** Weeks of metric history before the quarter's first day. */
    static final int HISTORY_DAYS = 70;

    /** Days after the last release until its 90-day checkpoint is due (90 days, its last day, and the grace). */
    static final int LAST_CHECKPOINT_DAYS = 92;

    private final List<Release> releases = new ArrayList<>();
    private final LocalDate start;

    private QuarterStory(LocalDate start) {
        this.start = start;
    }

    public static Scenario build(LocalDate today) {
        return build(today, DEFAULT_SEED);
    }

    public static Scenario build(LocalDate today, long seed) {
        LocalDate quarterStart = quarterStart(today);
        LocalDate quarterEnd = quarterStart.plusMonths(3).minusDays(1);
        QuarterStory story = new QuarterStory(quarterStart);
        story.releases();
        String quarter = quarterStart.getYear() + "-Q" + (quarterStart.getMonthValue() / 3 + 1);
        return new Scenario(
                quarter,
                quarterStart,
                quarterEnd,
                quarterStart.minusDays(HISTORY_DAYS),
                today.minusDays(1),
                seed,
                List.of("growth", "checkout", "discovery"),
                metrics(),
                features(),
                List.copyOf(story.releases));
    }

    /** The first day of the latest calendar quarter that ended at least {@value #LAST_CHECKPOINT_DAYS} days ago. */
    static LocalDate quarterStart(LocalDate today) {
        LocalDate quarter = LocalDate.of(today.getYear(), (today.getMonthValue() - 1) / 3 * 3 + 1, 1);
        while (!quarter.plusMonths(3)
                .minusDays(1)
                .plusDays(LAST_CHECKPOINT_DAYS)
                .isBefore(today)) {
            quarter = quarter.minusMonths(3);
        }
        return quarter;
    }

    private static List<Metric> metrics() {
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

    private static List<Feature> features() {
        return List.of(
                feature(
                        "onboarding-checklist",
                        "Onboarding checklist",
                        "growth",
                        "ana",
                        "New accounts stall before their first project.",
                        List.of(Prediction.of("activations", "up", 8, 4.0, 12.0, 0.8)),
                        null,
                        "right: activations rise 9 %"),
                feature(
                        "social-signup",
                        "Sign up with Google and Apple",
                        "growth",
                        "ana",
                        "Half of the visitors who open the sign-up form leave it.",
                        List.of(Prediction.of("signups", "up", 8, 5.0, 12.0, 0.8)),
                        new Amendment(
                                1,
                                "the baseline was measured on web only; mobile sign-ups dilute the lift",
                                Prediction.of("signups", "up", 5, 3.0, 8.0, 0.7),
                                false),
                        "right after an amendment before shipping: +3 % at 50 % roll-out, +3 % more at 100 %"),
                feature(
                        "referral-rewards",
                        "Rewards for referrals",
                        "growth",
                        "ben",
                        "Referrals are our cheapest sign-ups, and few customers invite anyone.",
                        List.of(Prediction.of("referral.invites", "up", 15, 10.0, 20.0, 0.9)),
                        null,
                        "wrong in direction and overconfident: the reward terms confuse, invites fall 8 %"),
                feature(
                        "email-verification-v2",
                        "One-tap e-mail verification",
                        "growth",
                        "ben",
                        "Some sign-ups never verify their address.",
                        List.of(Prediction.of("signups", "up", 1, null, null, 0.55)),
                        null,
                        "too small to see: +1 % predicted on a metric whose noise hides it (inconclusive)"),
                feature(
                        "one-click-checkout",
                        "One-click checkout",
                        "checkout",
                        "carla",
                        "Returning buyers abandon the three-step checkout.",
                        List.of(
                                Prediction.of("checkout.orders", "up", 4, 2.0, 6.0, 0.75),
                                Prediction.guardrail("payment.failures", "down", 15, 0.8)),
                        null,
                        "right: orders rise 5 %, failed payments do not move"),
                feature(
                        "split-payments",
                        "Split a bill between two cards",
                        "checkout",
                        "dev",
                        "Large baskets fail on card limits.",
                        List.of(Prediction.of("checkout.orders", "up", 10, 8.0, 12.0, 0.95)),
                        null,
                        "overconfident: +10 % predicted, +2 % happens, five days after one-click checkout"),
                feature(
                        "express-shipping-banner",
                        "Express shipping banner",
                        "checkout",
                        "dev",
                        "Buyers do not know we ship the next day.",
                        List.of(Prediction.of("checkout.orders", "up", 2, null, null, 0.8)),
                        null,
                        "wrong in direction: the banner pushes the buy button down, orders fall 4 %; rolled back"),
                feature(
                        "checkout-redesign",
                        "Checkout redesign",
                        "checkout",
                        "carla",
                        "The checkout looks older than the rest of the shop.",
                        List.of(Prediction.of("checkout.revenue", "up", 6, 3.0, 9.0, 0.6)),
                        new Amendment(
                                1,
                                "the first two weeks show a smaller lift than planned",
                                Prediction.of("checkout.revenue", "up", 3, 1.0, 5.0, 0.7),
                                true),
                        "amended after shipping (not scored): revenue rises 3 %"),
                feature(
                        "saved-payment-methods",
                        "Saved payment methods",
                        "checkout",
                        "carla",
                        "Typing a card number again loses buyers.",
                        List.of(Prediction.of("checkout.revenue", "up", 4, 2.0, 6.0, 0.7)),
                        null,
                        "wrong: no change, six days after the redesign"),
                feature(
                        "typo-tolerant-search",
                        "Typo-tolerant search",
                        "discovery",
                        "eli",
                        "One search in fourteen finds nothing, mostly typos.",
                        List.of(
                                Prediction.of("search.zero-results", "down", 20, 10.0, 30.0, 0.85),
                                Prediction.of("search.queries", "up", 3, null, null, 0.6)),
                        null,
                        "right on zero results (-25 %), wrong on queries (-1.5 %); a follow-up broke the API and"
                                + " was rolled back after two days"),
                feature(
                        "semantic-ranking",
                        "Semantic ranking of recommendations",
                        "discovery",
                        "fay",
                        "Recommendations rank by popularity, not by what the buyer looks at.",
                        List.of(
                                Prediction.of("recs.clicks", "up", 6, 3.0, 10.0, 0.7),
                                Prediction.guardrail("api.errors", "down", 10, 0.7)),
                        null,
                        "right on clicks (+7 %), but breaks its guardrail: API errors +30 % until a fix 40 days later"),
                feature(
                        "similar-items",
                        "Similar items on product pages",
                        "discovery",
                        "fay",
                        "Buyers leave a product page when it is not quite right.",
                        List.of(Prediction.of("recs.clicks", "up", 5, null, null, 0.9)),
                        null,
                        "overconfident: nothing moves, three days after semantic ranking"));
    }

    private static Feature feature(
            String key,
            String title,
            String team,
            String owner,
            String problem,
            List<Prediction> predictions,
            Amendment amendment,
            String story) {
        return new Feature(key, title, team, owner, problem, predictions, Optional.ofNullable(amendment), story);
    }

    /** Forty deployments, in the order they happened. */
    private void releases() {
        Source ga = Source.GITHUB_ACTIONS;
        Source app = Source.GITHUB_APP;
        Source gl = Source.GITLAB;
        Source cdb = Source.CDEVENTS_BINARY;
        Source cds = Source.CDEVENTS_STRUCTURED;
        Source api = Source.API;
        add(2, 9, "growth-api", "3.14.0", api, "Rate-limit the invite endpoint", List.of(), Map.of(), "ben");
        add(
                3,
                10,
                "web-app",
                "v5.20.0",
                ga,
                "Onboarding checklist for new accounts (#1184)",
                List.of("onboarding-checklist"),
                Map.of("activations", 0.09),
                "ana");
        add(5, 14, "payments-service", "v2.3.0", gl, "Bump the PSP SDK to 9.2", List.of(), Map.of(), "dev");
        add(6, 11, "search", "4.2.0", cdb, "Index compaction", List.of(), Map.of(), "eli");
        add(
                8,
                13,
                "checkout",
                "7.4.0",
                app,
                "One-click checkout for returning buyers",
                List.of("one-click-checkout"),
                Map.of("checkout.orders", 0.05),
                "carla");
        add(9, 9, "recommendations", "2.0.0", cds, "Move to the new feature store", List.of(), Map.of(), "fay");
        add(
                10,
                15,
                "growth-api",
                "3.15.0",
                api,
                "Google and Apple sign-up at 50 %",
                List.of("social-signup"),
                Map.of("signups", 0.03),
                "ana");
        add(12, 16, "web-app", "v5.21.0", ga, "[hotfix] Broken footer links", List.of(), Map.of(), "ana");
        add(
                13,
                10,
                "payments-service",
                "v2.4.0",
                gl,
                "Split a bill between two cards",
                List.of("split-payments"),
                Map.of("checkout.orders", 0.02),
                "dev");
        add(
                15,
                12,
                "search",
                "4.3.0",
                cdb,
                "Typo-tolerant matching",
                List.of("typo-tolerant-search"),
                Map.of("search.zero-results", -0.25, "search.queries", -0.015),
                "eli");
        add(
                18,
                14,
                "growth-api",
                "3.16.0",
                api,
                "Referral rewards",
                List.of("referral-rewards"),
                Map.of("referral.invites", -0.08),
                "ben");
        add(
                20,
                11,
                "recommendations",
                "2.1.0",
                cds,
                "Semantic ranking",
                List.of("semantic-ranking"),
                Map.of("recs.clicks", 0.07, "api.errors", 0.30),
                "fay");
        add(23, 10, "recommendations", "2.2.0", cds, "Similar items block", List.of("similar-items"), Map.of(), "fay");
        add(24, 16, "growth-api", "3.16.1", api, "Faster invite e-mails", List.of(), Map.of(), "ben");
        rollback(25, 8, "growth-api", "3.16.2", api, "Revert faster invite e-mails (queue backlog)", "ben");
        add(
                27,
                13,
                "web-app",
                "v5.22.0",
                ga,
                "One-tap e-mail verification (#1231)",
                List.of("email-verification-v2"),
                Map.of(),
                "ben");
        add(
                29,
                15,
                "checkout",
                "7.5.0",
                app,
                "Express shipping banner",
                List.of("express-shipping-banner"),
                Map.of("checkout.orders", -0.04),
                "dev");
        add(31, 10, "search", "4.3.1", cdb, "Query log sampling", List.of(), Map.of(), "eli");
        add(33, 14, "payments-service", "v2.4.1", gl, "Retry 3-D Secure timeouts", List.of(), Map.of(), "dev");
        add(
                35,
                11,
                "search",
                "4.4.0",
                cdb,
                "Typo tolerance for two-word queries",
                List.of("typo-tolerant-search"),
                Map.of("search.zero-results", -0.05, "api.errors", 0.40),
                "eli");
        rollback(37, 9, "search", "4.3.1", cdb, "Roll back 4.4.0: timeouts on long queries", "eli");
        redeploy(38, 10, "checkout", "7.4.0", app, "Redeploy 7.4.0 without the shipping banner", "dev");
        add(
                40,
                14,
                "growth-api",
                "3.17.0",
                api,
                "Google and Apple sign-up for everyone",
                List.of("social-signup"),
                Map.of("signups", 0.03),
                "ana");
        add(
                42,
                13,
                "recommendations",
                "2.2.1",
                cds,
                "Similar items on mobile",
                List.of("similar-items"),
                Map.of(),
                "fay");
        add(
                44,
                10,
                "web-app",
                "v5.23.0",
                ga,
                "Onboarding checklist: invite step (#1262)",
                List.of("onboarding-checklist"),
                Map.of(),
                "ana");
        add(
                46,
                12,
                "checkout",
                "7.6.0",
                app,
                "New checkout design",
                List.of("checkout-redesign"),
                Map.of("checkout.revenue", 0.03),
                "carla");
        add(50, 15, "search", "4.5.0", cdb, "Synonyms file reload", List.of(), Map.of(), "eli");
        add(
                52,
                11,
                "payments-service",
                "v2.5.0",
                gl,
                "Saved payment methods",
                List.of("saved-payment-methods"),
                Map.of(),
                "carla");
        add(58, 10, "web-app", "v5.24.0", ga, "Dark mode", List.of(), Map.of(), "ana");
        add(
                60,
                14,
                "recommendations",
                "2.3.0",
                cds,
                "Semantic ranking: cache embeddings",
                List.of("semantic-ranking"),
                Map.of("api.errors", -0.25),
                "fay");
        add(
                62,
                9,
                "growth-api",
                "3.18.0",
                api,
                "Referral rewards: simpler terms",
                List.of("referral-rewards"),
                Map.of(),
                "ben");
        add(
                64,
                13,
                "payments-service",
                "v2.5.1",
                gl,
                "Saved payment methods: expiry reminders",
                List.of("saved-payment-methods"),
                Map.of(),
                "carla");
        add(66, 11, "checkout", "7.6.1", app, "Fix the tax line on invoices", List.of(), Map.of(), "carla");
        add(69, 16, "search", "4.6.0", cdb, "Upgrade the search engine to 3.1", List.of(), Map.of(), "eli");
        add(71, 10, "web-app", "v5.25.0", ga, "Faster image CDN", List.of(), Map.of(), "ana");
        add(
                77,
                12,
                "checkout",
                "7.7.0",
                app,
                "Checkout redesign: address autocomplete",
                List.of("checkout-redesign"),
                Map.of(),
                "carla");
        add(80, 15, "growth-api", "3.19.0", api, "Audit log for account changes", List.of(), Map.of(), "ben");
        add(
                83,
                10,
                "payments-service",
                "v2.6.0",
                gl,
                "Split payments: three cards",
                List.of("split-payments"),
                Map.of(),
                "dev");
        add(84, 14, "recommendations", "2.3.1", cds, "Dependency updates", List.of(), Map.of(), "fay");
        add(88, 11, "web-app", "v5.26.0", ga, "Cookie banner copy", List.of(), Map.of(), "ana");
    }

    private void add(
            int day,
            int hour,
            String service,
            String version,
            Source source,
            String title,
            List<String> features,
            Map<String, Double> effects,
            String actor) {
        releases.add(release(day, hour, service, version, source, title, features, false, null, effects, actor));
    }

    /** A deployment flagged as a rollback (CDEvents service.rolledback, native rollback: true) of the latest one. */
    private void rollback(
            int day, int hour, String service, String version, Source source, String title, String actor) {
        releases.add(
                release(day, hour, service, version, source, title, List.of(), true, latest(service), Map.of(), actor));
    }

    /** A deployment of an earlier version: whatmoved takes it as a rollback of the latest one. */
    private void redeploy(
            int day, int hour, String service, String version, Source source, String title, String actor) {
        releases.add(release(
                day, hour, service, version, source, title, List.of(), false, latest(service), Map.of(), actor));
    }

    private String latest(String service) {
        for (int i = releases.size() - 1; i >= 0; i--) {
            if (releases.get(i).service().equals(service)) {
                return releases.get(i).id();
            }
        }
        throw new IllegalStateException("nothing to roll back in " + service);
    }

    private Release release(
            int day,
            int hour,
            String service,
            String version,
            Source source,
            String title,
            List<String> features,
            boolean rollback,
            String rollsBack,
            Map<String, Double> effects,
            String actor) {
        String id = "r%02d".formatted(releases.size() + 1);
        Instant at = start.plusDays(day)
                .atTime(hour, (day * 7) % 60, (day * 13) % 60)
                .toInstant(ZoneOffset.UTC);
        return new Release(
                id,
                at,
                service,
                version,
                source,
                commit(service + "@" + version + "#" + id),
                title,
                List.copyOf(features),
                rollback,
                Optional.ofNullable(rollsBack),
                new LinkedHashMap<>(effects),
                actor);
    }

    /** A stable 40-hex commit sha made up from the release. */
    private static String commit(String seed) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(seed.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
