package dev.whatmoved.kit.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import java.io.IOException;

/**
 * Reads strings as Jackson does, but refuses one holding the NUL character (U+0000): PostgreSQL cannot store it in
 * text (SQLSTATE 22021), so it is refused where it comes in, naming the field, rather than by the database.
 */
final class NulFreeStrings extends StdScalarDeserializer<String> {

    static final String MESSAGE = "must not contain the NUL character (U+0000)";

    NulFreeStrings() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        String value = StringDeserializer.instance.deserialize(parser, context);
        if (value != null && value.indexOf('\0') >= 0) {
            throw JsonMappingException.from(parser, MESSAGE);
        }
        return value;
    }

    @Override
    public boolean isCachable() {
        return true;
    }

    /** The same for the keys of a map ({@code Map<String, ...>}). */
    static final class Keys extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext context) throws IOException {
            if (key != null && key.indexOf('\0') >= 0) {
                throw JsonMappingException.from(context.getParser(), "key " + MESSAGE);
            }
            return key;
        }
    }
}
