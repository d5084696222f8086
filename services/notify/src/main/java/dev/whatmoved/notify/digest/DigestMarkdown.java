package dev.whatmoved.notify.digest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

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
        md.append("Calibration over the quarters: attribution's `GET /api/calibration?team=")
                .append(d.team())
                .append("` and the console's calibration page.\n");
        return md.toString();
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
                            .append(item.tracker().url())
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

    private static String cell(String text) {
        return escape(text == null ? "" : text);
    }

    static String day(Instant instant) {
        return DAY.format(instant);
    }
}
