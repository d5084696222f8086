package dev.whatmoved.console.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.qute.TemplateData;

/**
 * The charts of one page, as data: each spec names its kind and the element it draws into; the page's script
 * (web/app/charts.js) turns each into ECharts options. Kept as JSON in the page so a chart is drawn from exactly the
 * numbers the services gave.
 */
@TemplateData
public final class Charts {

    private final ObjectMapper json;
    private final ArrayNode specs;

    public Charts(ObjectMapper json) {
        this.json = json;
        this.specs = json.createArrayNode();
    }

    /** Adds a chart drawn into the element with this id. */
    public ObjectNode add(String id, String kind) {
        ObjectNode spec = specs.addObject();
        spec.put("id", id);
        spec.put("kind", kind);
        return spec;
    }

    public boolean isEmpty() {
        return specs.isEmpty();
    }

    /** The specs as JSON safe to put inside a {@code <script>} element. */
    public String script() {
        try {
            return json.writeValueAsString(specs).replace("</", "<\\/");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
