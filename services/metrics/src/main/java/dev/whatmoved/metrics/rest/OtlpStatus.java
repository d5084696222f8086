package dev.whatmoved.metrics.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The error body of OTLP/HTTP: a {@code google.rpc.Status} ({@code code}, {@code message}; no {@code details}), as
 * protobuf ({@code application/x-protobuf}) unless the request was JSON, then as its JSON mapping. The three fields of
 * the message are written here with protobuf's own {@link CodedOutputStream} (field 1 {@code int32 code}, field 2
 * {@code string message}) rather than by adding {@code proto-google-common-protos} for one message.
 */
final class OtlpStatus {

    static final String PROTOBUF = "application/x-protobuf";
    static final String JSON = "application/json";
    /** The two request types {@code /v1/metrics} takes, for {@code Accept-Post} with a 415. */
    static final String ACCEPTED_TYPES = PROTOBUF + ", " + JSON;
    /** How long a Collector waits before it retries an export answered 503 (it retries 429, 502, 503, 504). */
    static final String RETRY_AFTER_SECONDS = "5";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OtlpStatus() {}

    /** Whether the error of a request with this {@code Content-Type} is answered in JSON (else protobuf). */
    static boolean json(String contentType) {
        return contentType != null
                && contentType.trim().toLowerCase(Locale.ROOT).startsWith(JSON);
    }

    /**
     * The {@code google.rpc.Code} for an HTTP status, as Google's API design maps the two: 400 invalid argument, 401
     * unauthenticated, 403 permission denied, 404 not found, 429 resource exhausted, 501 unimplemented, 503
     * unavailable, 504 deadline exceeded, other 4xx invalid argument, other 5xx internal.
     */
    static int code(int httpStatus) {
        return switch (httpStatus) {
            case 401 -> 16; // UNAUTHENTICATED
            case 403 -> 7; // PERMISSION_DENIED
            case 404 -> 5; // NOT_FOUND
            case 405 -> 12; // UNIMPLEMENTED
            case 408, 504 -> 4; // DEADLINE_EXCEEDED
            case 409 -> 10; // ABORTED
            case 429 -> 8; // RESOURCE_EXHAUSTED
            case 501 -> 12; // UNIMPLEMENTED
            case 502, 503 -> 14; // UNAVAILABLE
            default -> httpStatus < 500 ? 3 : 13; // INVALID_ARGUMENT, INTERNAL
        };
    }

    /** {@code Status{code, message}} in protobuf's binary form. */
    static byte[] protobuf(int code, String message) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.writeInt32(1, code);
            out.writeString(2, message);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code Status{code, message}} in protobuf's JSON mapping. */
    static String json(int code, String message) {
        ObjectNode status = MAPPER.createObjectNode().put("code", code).put("message", message);
        try {
            return MAPPER.writeValueAsString(status);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body for {@code message} with an HTTP status, in the encoding the request's type asks for. */
    static byte[] body(int httpStatus, String message, boolean json) {
        return json
                ? json(code(httpStatus), message).getBytes(StandardCharsets.UTF_8)
                : protobuf(code(httpStatus), message);
    }
}
