package dev.whatmoved.console.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.qute.TemplateData;
import java.util.List;

/**
 * A feature as the features service answers it ({@code GET /api/features/{key}}, its {@code FeatureView}): the fields
 * the feature page shows. Every scalar of a prediction is boxed, so a field an answer leaves out (a guardrail's
 * direction, say) reads as missing, not as 0 or false.
 *
 * @param key the feature's key
 * @param title its title
 * @param team its team, or null
 * @param owner its owner, or null
 * @param problem the problem it addresses, or null
 * @param status draft, committed, shipped, ...
 * @param committedAt when its predictions were committed (RFC 3339), or null
 * @param shippedAt when its first release was deployed (RFC 3339), or null
 * @param tracker its ticket in the team's tracker, or null
 * @param predictions its current predictions, each with its review while the feature is a draft or committed (none
 *     when absent)
 * @param history every version of every prediction (none when absent)
 * @param releases the releases that shipped it (none when absent)
 * @param warnings the review's warnings: predictions no checkpoint can detect, or that could not be reviewed (none when
 *     absent)
 */
@TemplateData
@JsonIgnoreProperties(ignoreUnknown = true)
public record FeatureDetail(
        String key,
        String title,
        String team,
        String owner,
        String problem,
        String status,
        String committedAt,
        String shippedAt,
        Tracker tracker,
        List<Prediction> predictions,
        List<Prediction> history,
        List<ReleaseSummary> releases,
        List<String> warnings) {

    /** What a page holds when features did not answer: every field null, no prediction, no release. */
    public static final FeatureDetail NONE =
            new FeatureDetail(null, null, null, null, null, null, null, null, null, null, null, null, null);

    public FeatureDetail {
        predictions = predictions == null ? List.of() : predictions;
        history = history == null ? List.of() : history;
        releases = releases == null ? List.of() : releases;
        warnings = warnings == null ? List.of() : warnings;
    }

    /**
     * @param key the ticket's key, e.g. {@code SHOP-123}
     * @param url its address, or null
     */
    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Tracker(String key, String url) {}

    /**
     * One version of a prediction (features' {@code FeatureView.PredictionView}).
     *
     * @param number the prediction's number within the feature
     * @param version its version (amendments add one)
     * @param confidence how sure its owner was, 0 to 1
     * @param horizonDays the days within which the change is expected
     * @param createdAt when this version was made (RFC 3339)
     * @param supersededAt when a later version replaced it, or null
     * @param amendmentReason why it was amended, or null
     * @param amendedAfterShip whether it was amended after the feature shipped
     * @param review what its metric can detect, or null (only current predictions of draft and committed features)
     */
    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Prediction(
            Integer number,
            Integer version,
            String metric,
            String direction,
            Double expectedChangePct,
            Double lowPct,
            Double highPct,
            Double confidence,
            Integer horizonDays,
            Boolean guardrail,
            Double tolerancePct,
            String createdAt,
            String supersededAt,
            String amendmentReason,
            Boolean amendedAfterShip,
            Review review)
            implements PredictedChange {

        /** The number, 0 when the answer leaves it out. */
        public int numberOrZero() {
            return number == null ? 0 : number;
        }

        /** The version, 0 when the answer leaves it out. */
        public int versionOrZero() {
            return version == null ? 0 : version;
        }
    }

    /**
     * What a prediction's metric can detect (features' {@code PredictionReview}, from attribution).
     *
     * @param available false when attribution could not be asked; then {@code reason} says why
     * @param releaseDay the release day assumed (ISO date), or null
     * @param changePct the change to detect in percent, or null
     * @param checkpoints the minimum detectable effect at each checkpoint (none when absent)
     * @param firstDetectableDay the first checkpoint that can detect {@code changePct}, or null: none
     * @param summary one sentence, or null
     */
    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Review(
            Boolean available,
            String reason,
            String releaseDay,
            Double changePct,
            List<Checkpoint> checkpoints,
            Integer firstDetectableDay,
            String summary) {

        public Review {
            checkpoints = checkpoints == null ? List.of() : checkpoints;
        }
    }

    /**
     * @param days the checkpoint's days after the release
     * @param mdePct the minimum detectable effect in percent, or null with {@code reason}
     * @param detectable whether the predicted change is at least it, or null
     * @param reason why there is no figure, or null
     */
    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Checkpoint(Integer days, Double mdePct, Boolean detectable, String reason) {}

    /** A release that shipped the feature (features' {@code FeatureView.ReleaseSummary}). */
    @TemplateData
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ReleaseSummary(
            String id, String service, String version, String environment, String deployedAt, String state) {}
}
