package dev.whatmoved.testing.corpus;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A write operation as the service's test describes it to the corpus: how to make a valid request (a fresh one each
 * time: a unique key where the service would refuse a repeat), the token scope it needs, and what a schema-less body's
 * fields are. The corpus derives every bad request from the valid one.
 */
public final class Endpoint {

    final String method;
    final String template;
    Supplier<String> path;
    String scope;
    Format format = Format.NONE;
    String mediaType;
    Supplier<byte[]> body;
    final Map<String, Supplier<String>> freshHeaders = new LinkedHashMap<>();
    UnaryOperator<RawRequest> signer = UnaryOperator.identity();
    List<String> fields;
    final Set<String> required = new LinkedHashSet<>();
    final Set<String> optional = new LinkedHashSet<>();
    Predicate<RawResponse> refusal = r -> false;
    String refusalDescription;
    Predicate<RawResponse> errorBody;
    String errorBodyDescription;
    Long limit;

    private Endpoint(String method, String template) {
        this.method = method;
        this.template = template;
        this.path = () -> template;
    }

    public static Endpoint post(String template) {
        return new Endpoint("POST", template);
    }

    public static Endpoint put(String template) {
        return new Endpoint("PUT", template);
    }

    public static Endpoint patch(String template) {
        return new Endpoint("PATCH", template);
    }

    public static Endpoint delete(String template) {
        return new Endpoint("DELETE", template);
    }

    /** A concrete path for a valid request (e.g. of a draft that exists); the template itself when not given. */
    public Endpoint path(Supplier<String> concretePath) {
        this.path = concretePath;
        return this;
    }

    /** The scope of the bearer token sent; without one, no Authorization header (a webhook's own scheme). */
    public Endpoint scope(String tokenScope) {
        this.scope = tokenScope;
        return this;
    }

    public Endpoint json(Supplier<String> sample) {
        return json("application/json", sample);
    }

    public Endpoint json(String contentType, Supplier<String> sample) {
        return body(Format.JSON, contentType, () -> sample.get().getBytes(StandardCharsets.UTF_8));
    }

    /** Newline-delimited JSON: the sample is one line. */
    public Endpoint ndjson(String contentType, Supplier<String> line) {
        return body(Format.NDJSON, contentType, () -> line.get().getBytes(StandardCharsets.UTF_8));
    }

    /** CSV: the sample is a header row and one data row. */
    public Endpoint csv(String contentType, Supplier<String> headerAndRow) {
        return body(Format.CSV, contentType, () -> headerAndRow.get().getBytes(StandardCharsets.UTF_8));
    }

    public Endpoint protobuf(String contentType, Supplier<byte[]> message) {
        return body(Format.PROTOBUF, contentType, message);
    }

    private Endpoint body(Format bodyFormat, String contentType, Supplier<byte[]> sample) {
        this.format = bodyFormat;
        this.mediaType = contentType;
        this.body = sample;
        return this;
    }

    /** A header evaluated anew for every request, bad or valid (e.g. a webhook's delivery id). */
    public Endpoint header(String name, Supplier<String> value) {
        freshHeaders.put(name, value);
        return this;
    }

    /** Applied to every request last, after its body was made bad (e.g. a webhook's HMAC signature). */
    public Endpoint signedBy(UnaryOperator<RawRequest> sign) {
        this.signer = sign;
        return this;
    }

    /**
     * The JSON pointers of the fields the service reads, for a body the OpenAPI document gives no schema of (a webhook
     * read as bytes): field classes are made for these only, since the sender's other fields are rightly ignored.
     */
    public Endpoint fields(String... pointers) {
        this.fields = List.of(pointers);
        return this;
    }

    /**
     * Fields of a schema-less body the service reads when they are usable and otherwise ignores for a fallback (e.g. a
     * webhook's environment, taken from elsewhere when missing): only the classes of their content apply (NUL and
     * control characters, invalid UTF-8), not wrong types, impossible values or leaving them out.
     */
    public Endpoint optional(String... pointers) {
        this.optional.addAll(List.of(pointers));
        return this;
    }

    /** Fields that must be present although the schema does not say so (JSON pointers). */
    public Endpoint required(String... pointers) {
        this.required.addAll(List.of(pointers));
        return this;
    }

    /**
     * A 2xx answer the endpoint's protocol defines as a refusal (e.g. OTLP's partialSuccess rejecting every data
     * point): counted as refused, and "nothing stored" is still checked.
     */
    public Endpoint refusal(String description, Predicate<RawResponse> isRefusal) {
        this.refusalDescription = description;
        this.refusal = isRefusal;
        return this;
    }

    /**
     * The error body the endpoint's protocol defines instead of {@code application/problem+json} (e.g. OTLP/HTTP's
     * {@code google.rpc.Status}): a 4xx answer is judged by it. The other checks (4xx, nothing stored, ready, the next
     * valid request served) stay.
     */
    public Endpoint errorBody(String description, Predicate<RawResponse> isProperError) {
        this.errorBodyDescription = description;
        this.errorBody = isProperError;
        return this;
    }

    /** The body size this endpoint refuses above, when it is lower than the service's. */
    public Endpoint limit(long bytes) {
        this.limit = bytes;
        return this;
    }

    public String id() {
        return method + " " + template + (mediaType == null ? "" : " [" + mediaType + "]");
    }

    String operationId() {
        return method + " " + template;
    }

    /** A fresh valid request, not yet prepared (no token, fresh headers or signature). */
    RawRequest valid() {
        return RawRequest.of(method, path.get(), mediaType, body == null ? null : body.get());
    }

    /** The request as sent: fresh headers, the token, then the signature. */
    RawRequest prepare(RawRequest request, String token) {
        RawRequest prepared = request;
        for (Map.Entry<String, Supplier<String>> header : freshHeaders.entrySet()) {
            prepared = prepared.withHeader(header.getKey(), header.getValue().get());
        }
        if (token != null) {
            prepared = prepared.withHeader("Authorization", "Bearer " + token);
        }
        return signer.apply(prepared);
    }
}
