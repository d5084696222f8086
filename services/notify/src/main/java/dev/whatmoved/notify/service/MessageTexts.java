package dev.whatmoved.notify.service;

import dev.whatmoved.events.FeatureAmended;
import dev.whatmoved.events.OutcomeGuardrailBreached;
import dev.whatmoved.events.OutcomeMeasured;
import dev.whatmoved.events.ReleaseDeployed;
import dev.whatmoved.notify.domain.Message;
import dev.whatmoved.notify.domain.Message.Fact;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The words of each notification: plain Java, the same for every channel (each lays them out its own way). */
public final class MessageTexts {

    private final Optional<String> consoleUrl;

    public MessageTexts(Optional<String> consoleUrl) {
        this.consoleUrl = consoleUrl.map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    /** A verdict that landed: {@code finalRead} at the prediction's horizon, otherwise an early read. */
    public Message verdict(OutcomeMeasured o, String featureTitle, boolean finalRead, int horizonDays) {
        String prefix = finalRead ? "Verdict" : "Early read";
        String title = "%s (day %d): %s %s %s"
                .formatted(prefix, o.checkpointDays(), o.featureKey(), o.metric(), verdictWords(o.verdict()));
        String summary = finalRead
                ? "The outcome of %s on %s at its horizon is in."
                        .formatted(name(o.featureKey(), featureTitle), o.metric())
                : ("An early look at day %d already shows a clear change of %s; the final verdict is read at day %d.")
                        .formatted(o.checkpointDays(), o.metric(), horizonDays);
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("Feature", name(o.featureKey(), featureTitle)));
        facts.add(new Fact("Metric", o.metric()));
        facts.add(new Fact("Verdict", o.verdict()));
        if (o.relEffectPct() != null) {
            facts.add(
                    new Fact("Measured", pct(o.relEffectPct()) + range(o.relEffectLowerPct(), o.relEffectUpperPct())));
        }
        if (o.expectedChangePct() != null) {
            facts.add(new Fact("Predicted", pct(signed(o.expectedChangePct(), o.direction()))));
        }
        facts.add(new Fact(
                "Checkpoint",
                "day %d of %d%s".formatted(o.checkpointDays(), horizonDays, finalRead ? "" : " (early read)")));
        if (o.service() != null) {
            facts.add(new Fact("Release", o.service() + (o.environment() == null ? "" : " in " + o.environment())));
        }
        if (o.reason() != null) {
            facts.add(new Fact("Why", o.reason()));
        }
        return new Message(title, summary, facts, link("/releases/" + o.releaseId()));
    }

    public Message guardrailBreached(OutcomeGuardrailBreached b, String featureTitle) {
        String title = "Guardrail breached: %s %s after a release of %s"
                .formatted(b.metric(), pct(b.relEffectPct()), b.service());
        String summary = ("%s degraded beyond its tolerance of %s after %s shipped %s (day %d), and the range of the"
                        + " effect excludes zero.")
                .formatted(
                        b.metric(),
                        b.tolerancePct() == null ? "0 %" : number(b.tolerancePct()) + " %",
                        b.service(),
                        name(b.featureKey(), featureTitle),
                        b.checkpointDays());
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("Guardrail", b.metric() + " (good: " + b.direction() + ")"));
        facts.add(new Fact("Measured", pct(b.relEffectPct()) + range(b.relEffectLowerPct(), b.relEffectUpperPct())));
        facts.add(new Fact("Tolerance", b.tolerancePct() == null ? "none" : number(b.tolerancePct()) + " %"));
        facts.add(new Fact("Feature", name(b.featureKey(), featureTitle)));
        facts.add(new Fact("Release", b.service() + " in " + b.environment()));
        facts.add(new Fact("Checkpoint", "day " + b.checkpointDays()));
        return new Message(title, summary, facts, link("/releases/" + b.releaseId()));
    }

    public Message releaseUnlinked(ReleaseDeployed r) {
        return new Message(
                "Release without a feature: %s %s in %s".formatted(r.service(), r.version(), r.environment()),
                "Nothing links this release to a feature, so whatmoved cannot tell whether it moved what it should."
                        + " Put the feature's key in the commit message or the PR title, or link it by the API.",
                releaseFacts(r),
                link("/releases/" + r.releaseId()));
    }

    public Message featureUnpredicted(ReleaseDeployed r, String featureKey) {
        return new Message(
                "Shipped without a prediction: %s".formatted(featureKey),
                ("%s shipped in %s %s, but it has no committed prediction: say which metric should move, by how much,"
                                + " and commit it, so the release can be measured against it.")
                        .formatted(featureKey, r.service(), r.version()),
                releaseFacts(r),
                link("/features/" + featureKey));
    }

    public Message amendedAfterShip(FeatureAmended a) {
        var p = a.prediction();
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("Feature", a.key()));
        facts.add(new Fact("Prediction", "#%d, now version %d".formatted(p.number(), p.version())));
        facts.add(new Fact("Metric", p.metric()));
        if (p.expectedChangePct() != null) {
            facts.add(new Fact("Predicts", pct(signed(p.expectedChangePct(), p.direction()))));
        }
        facts.add(new Fact("Reason", a.reason()));
        return new Message(
                "Prediction amended after ship: %s #%d".formatted(a.key(), p.number()),
                "A prediction changed after its feature shipped; it no longer counts as a clean prediction in"
                        + " calibration.",
                facts,
                link("/features/" + a.key()));
    }

    private List<Fact> releaseFacts(ReleaseDeployed r) {
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("Service", r.service()));
        facts.add(new Fact("Version", r.version()));
        facts.add(new Fact("Environment", r.environment()));
        if (r.commit() != null) {
            facts.add(new Fact("Commit", r.commit()));
        }
        facts.add(new Fact("Deployed", r.deployedAt().toString()));
        return facts;
    }

    private String link(String path) {
        return consoleUrl.map(url -> url + path).orElse(null);
    }

    static String verdictWords(String verdict) {
        return switch (verdict) {
            case "moved-as-predicted" -> "moved as predicted";
            case "moved-opposite" -> "moved the opposite way";
            case "no-detectable-change" -> "showed no detectable change";
            case "inconclusive" -> "is inconclusive";
            default -> verdict;
        };
    }

    private static String name(String key, String title) {
        return title == null || title.isBlank() ? key : title + " (" + key + ")";
    }

    private static Double signed(Double magnitude, String direction) {
        return "down".equals(direction) ? -Math.abs(magnitude) : magnitude;
    }

    static String pct(double value) {
        return String.format(Locale.ROOT, "%+.1f %%", value);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String range(Double lower, Double upper) {
        return lower == null || upper == null
                ? ""
                : String.format(Locale.ROOT, " (95 %% range %+.1f to %+.1f %%)", lower, upper);
    }
}
