package dev.whatmoved.features.intake.cdevents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whatmoved.kit.problem.ProblemException;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Takes the CDEvent out of the CloudEvent that carries it (CDEvents' CloudEvents binding), over HTTP or Kafka alike:
 *
 * <ul>
 *   <li><b>structured mode</b> (content type {@code application/cloudevents+json}): the body is the CloudEvent as JSON
 *       and the CDEvent is its {@code data} (or {@code data_base64});
 *   <li><b>binary mode</b> ({@code ce-*} HTTP headers, {@code ce_*} Kafka headers; content type
 *       {@code application/json} or {@code application/cdevents+json}): the body is the CDEvent;
 *   <li>a bare CDEvent (no CloudEvents attributes at all), as some tools post it: the body is the CDEvent.
 * </ul>
 *
 * In every mode the CDEvent carries its own {@code context} (id, type, source, timestamp), which is what is read.
 */
public final class CloudEventsBinding {

    public static final String STRUCTURED = "application/cloudevents+json";
    public static final String BATCH = "application/cloudevents-batch+json";

    private CloudEventsBinding() {}

    /**
     * @param contentType the message's content type, or null
     * @param body the message body, parsed
     * @return the CDEvent
     * @throws ProblemException 400 when the CloudEvent has no data, 415 for a batch
     * @throws IOException when structured-mode data is not JSON
     */
    public static JsonNode cdEvent(String contentType, JsonNode body, ObjectMapper json) throws IOException {
        String type =
                contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).strip();
        if (type.startsWith(BATCH)) {
            throw new ProblemException(
                    415,
                    "unsupported-media-type",
                    "Unsupported media type",
                    "batched CloudEvents are not taken: send one event per request",
                    List.of());
        }
        if (!type.startsWith(STRUCTURED)) {
            return body;
        }
        if (body == null || !body.isObject()) {
            throw ProblemException.invalid("body", "must be a CloudEvent in structured mode: a JSON object");
        }
        if (!body.path("specversion").isTextual()) {
            throw ProblemException.invalid("specversion", "is required in a structured-mode CloudEvent");
        }
        JsonNode data = body.path("data");
        if (data.isObject()) {
            return data;
        }
        if (data.isTextual()) {
            return json.readTree(data.asText());
        }
        JsonNode base64 = body.path("data_base64");
        if (base64.isTextual()) {
            try {
                return json.readTree(Base64.getDecoder().decode(base64.asText().strip()));
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid("data_base64", "must be base64");
            }
        }
        throw ProblemException.invalid("data", "is required: the CDEvent the CloudEvent carries");
    }
}
