package dev.whatmoved.kit.text;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Bytes read as UTF-8 text, refusing what is not UTF-8 instead of replacing it with U+FFFD as {@code new String} does. */
public final class StrictUtf8 {

    private StrictUtf8() {}

    /** The text the bytes spell; throws if they are not well-formed UTF-8. */
    public static String decode(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }
}
