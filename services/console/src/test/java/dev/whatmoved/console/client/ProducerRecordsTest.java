package dev.whatmoved.console.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each field a console record reads is a component of the record its service answers with, read from that service's
 * source in this repository (features' and attribution's view records serialise their components by name, no
 * {@code @JsonProperty}). {@link ServiceAnswersTest} reads example answers into the console's records; this test ties
 * those examples' field names to the services themselves, so a field renamed in features or attribution fails here
 * even when nobody updated the examples. The source file is found by name anywhere under the service's
 * {@code src/main/java}, so moving it to another package does not break the test. Plain file reading, no build of the
 * other services: well under a second.
 */
class ProducerRecordsTest {

    private static final Path SERVICES = Path.of("..");

    @ParameterizedTest(name = "{0} reads {2}.{3}")
    @CsvSource({
        // console record,                    service,     file,            record
        "FeatureSummary,                      features,    FeatureSummary,  FeatureSummary",
        "Release,                             features,    ReleaseView,     ReleaseView",
        "ItemPage,                            features,    Page,            Page",
        "FeatureDetail,                       features,    FeatureView,     FeatureView",
        "FeatureDetail$Tracker,               features,    FeatureView,     Tracker",
        "FeatureDetail$Prediction,            features,    FeatureView,     PredictionView",
        "FeatureDetail$ReleaseSummary,        features,    FeatureView,     ReleaseSummary",
        "FeatureDetail$Review,                features,    PredictionReview, PredictionReview",
        "FeatureDetail$Checkpoint,            features,    PredictionReview, Checkpoint",
        "OutputsVsOutcomes,                   attribution, OutputsView,     OutputsView",
        "OutputsVsOutcomes$Row,               attribution, OutputsVsOutcomes, Row",
        "Outcome,                             attribution, OutcomeView,     OutcomeView",
        "Outcome$Prediction,                  attribution, OutcomeDetail,   PredictionSnapshot",
        "Outcome$Window,                      attribution, OutcomeDetail,   Window",
        "Outcome$Confounder,                  attribution, OutcomeDetail,   Confounder",
        "Outcome$MinimumDetectableEffect,     attribution, ImpactResult,    MinimumDetectableEffect",
        "Outcome$Model,                       attribution, ImpactResult,    ModelInfo",
        "Outcome$Placebo,                     attribution, ImpactResult,    Placebo",
        "Outcome$Sequential,                  attribution, CheckpointAnalysis, Sequential",
        "ReleaseOutcomes,                     attribution, ReleaseOutcomes, ReleaseOutcomes",
        "Calibration,                         attribution, CalibrationView, CalibrationView",
        "Calibration$Counts,                  attribution, CalibrationReport, Counts",
        "Calibration$ReliabilityBin,          attribution, CalibrationReport, ReliabilityBin",
        "Calibration$PredictionScore,         attribution, CalibrationView, PredictionScore",
        "Calibration$Quarter,                 attribution, CalibrationTrend, Quarter",
        "Calibration$Relative,                attribution, CalibrationTrend, Relative",
        "Analysis,                            attribution, AnalysisResponse, AnalysisResponse",
        "Analysis$Point,                      attribution, ImpactResult,    Point",
        "Analysis$Request,                    attribution, AnalysisRequest, AnalysisRequest",
    })
    void everyFieldIsAComponentOfTheServicesRecord(String console, String service, String file, String record)
            throws ClassNotFoundException {
        Class<?> type = Class.forName(getClass().getPackageName() + "." + console);
        List<String> read = Arrays.stream(type.getRecordComponents())
                .map(RecordComponent::getName)
                .toList();

        List<String> answered = components(source(service, file), record);

        assertThat(answered)
                .as(
                        "components of %s's %s.%s (renamed there? then rename the console's %s too)",
                        service, file, record, console)
                .containsAll(read);
    }

    private static String source(String service, String file) {
        Path root = SERVICES.resolve(service).resolve("src/main/java");
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> found = files.filter(p -> p.getFileName().toString().equals(file + ".java"))
                    .toList();
            assertThat(found).as("%s.java under %s", file, root).hasSize(1);
            return Files.readString(found.get(0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The component names of {@code record Name(...)} in a Java source: the last word of each top-level part. */
    static List<String> components(String source, String record) {
        int start = source.indexOf("record " + record + "(");
        if (start < 0) {
            start = source.indexOf("record " + record + "<");
        }
        assertThat(start).as("record %s in the source", record).isNotNegative();
        int open = source.indexOf('(', start);
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        int depth = 0;
        for (int i = open + 1; ; i++) {
            char c = source.charAt(i);
            if ((c == ')' || c == ',') && depth == 0) {
                parts.add(part.toString());
                part.setLength(0);
                if (c == ')') {
                    break;
                }
                continue;
            }
            if (c == '(' || c == '<') {
                depth++;
            } else if (c == ')' || c == '>') {
                depth--;
            }
            part.append(c);
        }
        return parts.stream()
                .map(p -> p.replaceAll("@\\w+(\\([^)]*\\))?", "").trim())
                .filter(p -> !p.isEmpty())
                .map(p -> p.substring(p.lastIndexOf(' ') + 1).trim())
                .toList();
    }
}
