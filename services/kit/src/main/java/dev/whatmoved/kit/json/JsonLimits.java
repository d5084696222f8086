package dev.whatmoved.kit.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * The limits every JSON body read with the service's {@link ObjectMapper} is held to (docs/security.md, "Request
 * limits and error answers"): far below Jackson's own defaults, which let one request keep a thread busy or answer a
 * 500, and far above anything a real client sends. A body over one of them gets a 400 problem (413 for a string too
 * long); a key given twice in one object, a string holding the NUL character, or a fraction where a whole number is
 * expected, a 400 naming the field.
 */
@Singleton
public class JsonLimits implements ObjectMapperCustomizer {

    /** Objects and arrays inside each other; a GitHub delivery nests 5 deep, an OTLP export 8. */
    public static final int MAX_NESTING_DEPTH = 64;

    /** Characters of one object key. */
    public static final int MAX_NAME_LENGTH = 1_000;

    /** Characters of one number as written (a double needs at most 24). */
    public static final int MAX_NUMBER_LENGTH = 100;

    /** Characters of one string value: 1 MiB, the whole body limit of the features service. */
    public static final int MAX_STRING_LENGTH = 1024 * 1024;

    public static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING_DEPTH)
            .maxNameLength(MAX_NAME_LENGTH)
            .maxNumberLength(MAX_NUMBER_LENGTH)
            .maxStringLength(MAX_STRING_LENGTH)
            .build();

    @Override
    public void customize(ObjectMapper mapper) {
        apply(mapper);
    }

    /** Applies the limits to a mapper (also for one a component builds itself). */
    public static ObjectMapper apply(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(CONSTRAINTS);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        // 30.7 for a whole number (days, a checkpoint) is an error, not 30.
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        // A body is one JSON document: `{...}{...}` or `{...} trailing` is malformed, not its first document.
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.registerModule(new SimpleModule("whatmoved-nul-free-strings")
                .addDeserializer(String.class, new NulFreeStrings())
                .addKeyDeserializer(String.class, new NulFreeStrings.Keys()));
        return mapper;
    }

    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }
}
