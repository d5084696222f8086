package dev.whatmoved.features.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import dev.whatmoved.events.EventTimes;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads a time an event will carry: an RFC 3339 string from 1970 to 9999 ({@link EventTimes}), nothing else. Jackson's
 * own reading of an {@link Instant} takes numbers as epoch seconds ({@code 1e400} became 1970-01-01) and years of any
 * length ({@code +1000000000-01-01T00:00:00Z}), which no event can carry.
 */
public class EventTimeDeserializer extends StdDeserializer<Instant> {

    public EventTimeDeserializer() {
        super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw JsonMappingException.from(parser, EventTimes.EXPECTED);
        }
        try {
            return EventTimes.parse(parser.getText());
        } catch (DateTimeParseException e) {
            throw JsonMappingException.from(parser, EventTimes.EXPECTED);
        }
    }
}
