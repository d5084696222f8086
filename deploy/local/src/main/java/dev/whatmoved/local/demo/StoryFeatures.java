package dev.whatmoved.local.demo;

import dev.whatmoved.local.demo.Scenario.Amendment;
import dev.whatmoved.local.demo.Scenario.Feature;
import dev.whatmoved.local.demo.Scenario.Prediction;
import java.util.List;
import java.util.Optional;

/**
 * The twelve features of the demo's story with their predictions, amendments, and what really happens to each (the
 * story the releases' true effects tell).
 */
final class StoryFeatures {

    private StoryFeatures() {}

    static List<Feature> features() {
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
}
