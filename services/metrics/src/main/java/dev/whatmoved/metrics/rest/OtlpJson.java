package dev.whatmoved.metrics.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.whatmoved.kit.problem.ProblemException;
import dev.whatmoved.kit.text.StrictUtf8;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;

/**
 * Reads an OTLP/JSON export. Protobuf's JSON parser is lenient (single quotes, comments, a second document, a key
 * twice, bytes that are not UTF-8 all pass), so the body is first held to what every other JSON body of the service
 * is: UTF-8, one strict JSON document, no key twice, within the read limits ({@code kit.json.JsonLimits}); a body
 * that is not gets the same 400 problem as anywhere else.
 */
final class OtlpJson {

    private OtlpJson() {}

    static ExportMetricsServiceRequest parse(byte[] body, ObjectMapper strict) throws IOException {
        String text;
        try {
            text = StrictUtf8.decode(body);
        } catch (CharacterCodingException e) {
            throw ProblemException.invalid("body", "is not UTF-8 text (OTLP/JSON is UTF-8)");
        }
        // throws what the kit's problem mappers answer: malformed JSON, a key twice, over a read limit
        strict.readTree(body);
        try {
            ExportMetricsServiceRequest.Builder builder = ExportMetricsServiceRequest.newBuilder();
            JsonFormat.parser().ignoringUnknownFields().merge(text, builder);
            return builder.build();
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw ProblemException.invalid("body", "not an OTLP metrics request (JSON): " + e.getMessage());
        }
    }
}
