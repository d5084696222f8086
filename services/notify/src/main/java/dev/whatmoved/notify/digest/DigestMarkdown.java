package dev.whatmoved.notify.digest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** A digest as Markdown: what `./whatmoved digest` prints and what the weekly email and webhook carry. */
public final class DigestMarkdown {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private DigestMarkdown() {}

    public static String of(Digest d) {
        StringBuilder md = new StringBuilder()
                .append("# What moved: ")
                .append(d.team())
                .append(", ")
                .append(DAY.format(d.from()))
                .append(" to ")
                .append(DAY.format(d.to().minusSeconds(1)))
                .append("\n\n");
        section(md, "Verdicts that landed", d.verdicts(), "No verdict landed.");
        section(md, "Guardrail breaches", d.breaches(), "No guardrail breached.");
        section(
                md,
                "Shipped without a prediction",
                d.withoutPrediction(),
                "Every release shipped a predicted feature.");
        section(md, "Predictions amended after ship", d.amended(), "None.");
        md.append("## Still pending (").append(d.pending().size()).append(")\n\n");
        if (d.pending().isEmpty()) {
            md.append("Nothing is waiting for a checkpoint.\n\n");
        } else {
            md.append("| feature | prediction | release | next read | final read |\n|---|---|---|---|---|\n");
            for (Digest.Pending p : d.pending()) {
                md.append("| ")
                        .append(cell(p.featureKey()))
                        .append(" | #")
                        .append(p.predictionNumber())
                        .append(' ')
                        .append(cell(p.metric()))
                        .append(" | ")
                        .append(cell(p.service()))
                        .append(" in ")
                        .append(cell(p.environment()))
                        .append(", ")
                        .append(DAY.format(p.deployedAt()))
                        .append(" | day ")
                        .append(p.nextCheckpointDays())
                        .append(", ")
                        .append(DAY.format(p.nextReadAt()))
                        .append(" | day ")
                        .append(p.horizonDays())
                        .append(", ")
                        .append(DAY.format(p.finalReadAt()))
                        .append(" |\n");
            }
            md.append('\n');
        }
        calibration(md, d.calibration());
        return md.toString();
    }

    /** The team's calibration trend: per quarter, and against the organisation's median. */
    private static void calibration(StringBuilder md, CalibrationTrend trend) {
        md.append("## Calibration\n\n");
        if (trend == null || !trend.available()) {
            md.append("Not available: ")
                    .append(escape(trend == null ? "not asked" : trend.reason()))
                    .append(".\n");
            return;
        }
        if (trend.quarters().isEmpty()) {
            md.append("No prediction of the team's shipped features yet.\n");
        } else {
            md.append("| quarter | predictions | scored | Brier score | hit rate |\n|---|---|---|---|---|\n");
            for (AttributionCalibration.Quarter q : trend.quarters()) {
                md.append("| ")
                        .append(cell(q.quarter()))
                        .append(" | ")
                        .append(q.predictions())
                        .append(" | ")
                        .append(q.scored())
                        .append(" | ")
                        .append(q.brierScore() == null ? "–" : String.format(Locale.ROOT, "%.3f", q.brierScore()))
                        .append(" | ")
                        .append(
                                q.directionHitRate() == null
                                        ? "–"
                                        : String.format(Locale.ROOT, "%.0f %%", 100 * q.directionHitRate()))
                        .append(" |\n");
            }
        }
        md.append('\n').append(relative(trend.relative())).append('\n');
    }

    private static String relative(AttributionCalibration.Relative r) {
        if (r == null || r.relativeBrierScore() == null) {
            return "Relative Brier score: not yet (it needs the team's Brier score and at least one scored peer team).";
        }
        return String.format(
                Locale.ROOT,
                "Relative Brier score: %.2f (the team's Brier score over the median of %d scored %ss, %.3f; below 1 is"
                        + " better).",
                r.relativeBrierScore(),
                r.peersScored(),
                r.peers(),
                r.medianBrierScore());
    }

    private static void section(StringBuilder md, String title, List<Digest.Item> items, String none) {
        md.append("## ").append(title).append(" (").append(items.size()).append(")\n\n");
        if (items.isEmpty()) {
            md.append(none).append("\n\n");
            return;
        }
        for (Digest.Item item : items) {
            md.append("- ").append(DAY.format(item.at())).append(": ");
            if (item.link() != null) {
                md.append('[')
                        .append(escape(item.title()))
                        .append("](")
                        .append(item.link())
                        .append(')');
            } else {
                md.append(escape(item.title()));
            }
            if (item.tracker() != null) {
                md.append(" (");
                if (item.tracker().url() != null) {
                    md.append('[')
                            .append(escape(item.tracker().key()))
                            .append("](")
                            .append(url(item.tracker().url()))
                            .append(')');
                } else {
                    md.append(escape(item.tracker().key()));
                }
                md.append(')');
            }
            md.append('\n');
        }
        md.append('\n');
    }

    /** Markdown's own characters in a title, escaped so a feature key cannot change the layout. */
    static String escape(String text) {
        return text.replaceAll("([\\\\`*_\\[\\]<>|])", "\\\\$1");
    }

    /** A link target that cannot end the Markdown link early. */
    static String url(String url) {
        return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29");
    }

    private static String cell(String text) {
        return escape(text == null ? "" : text);
    }

    static String day(Instant instant) {
        return DAY.format(instant);
    }
}
