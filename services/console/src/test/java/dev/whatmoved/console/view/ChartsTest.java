package dev.whatmoved.console.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The charts' data goes into the page unescaped, inside a script element: stored text must not end or break it. */
class ChartsTest {

    private static final String STORED =
            "</script><script>window.__xss=1</script><!--<script> \"><img src=x onerror=alert(1)> & 'x' \u2028";

    @Test
    void storedTextCannotCloseTheScriptElementNorOpenAComment() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Charts charts = new Charts(json);
        charts.add("chart-metric", "metric").putArray("releases").addObject().put("service", STORED);

        String script = charts.script();

        assertThat(script).doesNotContain("<", ">", "&", "'");
        assertThat(script).contains("\\u003C/script\\u003E");
        JsonNode back = json.readTree(script);
        assertThat(back.path(0).path("releases").path(0).path("service").asText())
                .isEqualTo(STORED);
        assertThat(back.path(0).path("id").asText()).isEqualTo("chart-metric");
    }
}
