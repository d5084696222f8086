package dev.whatmoved.console.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.qute.TemplateData;
import java.util.HashSet;
import java.util.Set;

/**
 * The charts of one page, as data: each spec names its kind and the element it draws into; the page's script
 * (web/app/charts.js) turns each into ECharts options. Kept as JSON in the page so a chart is drawn from exactly the
 * numbers the services gave.
 */
@TemplateData
public final class Charts {

    private final ObjectMapper json;
    private final ArrayNode specs;
    private final Set<String> ids = new HashSet<>();

    public Charts(ObjectMapper json) {
        this.json = json;
        this.specs = json.createArrayNode();
    }

    /** Adds a chart drawn into the element with this id. */
    public ObjectNode add(String id, String kind) {
        ObjectNode spec = specs.addObject();
        spec.put("id", id);
        spec.put("kind", kind);
        ids.add(id);
        return spec;
    }

    /** Whether a chart is drawn into the element with this id. */
    public boolean has(String id) {
        return ids.contains(id);
    }

    public boolean isEmpty() {
        return specs.isEmpty();
    }

    /**
     * The specs as JSON safe to put inside a {@code <script type="application/json">} element, which the template
     * writes unescaped: no {@code <}, {@code >}, {@code &} or {@code '} appears in it as such (each becomes a JSON
     * unicode escape inside its string; JSON's own syntax never needs them), so stored text can neither close the
     * element ({@code </script>}) nor open a comment or script that swallows the rest of the page
     * ({@code <!--<script>}). The browser's {@code JSON.parse} reads the same strings back.
     */
    public String script() {
        try {
            return json.writer().with(ScriptSafe.INSTANCE).writeValueAsString(specs);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Jackson's JSON escapes plus {@code < > & '} as unicode escapes ({@code <} is written backslash-u003C). */
    static final class ScriptSafe extends CharacterEscapes {

        static final ScriptSafe INSTANCE = new ScriptSafe();

        private final int[] ascii;

        private ScriptSafe() {
            ascii = standardAsciiEscapesForJSON();
            for (char c : new char[] {'<', '>', '&', '\''}) {
                ascii[c] = ESCAPE_STANDARD;
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }
}
