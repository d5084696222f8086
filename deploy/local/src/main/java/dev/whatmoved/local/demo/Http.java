package dev.whatmoved.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.whatmoved.local.LauncherException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The HTTP side of the demo's clients: JSON in and out, with a bearer token or a webhook's own headers. */
final class Http {

    /** An answer: its status and its body read as JSON (missing when the body is not JSON). */
    record Answer(int status, JsonNode body, String text) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The problem's detail, or the body, for messages. */
        String detail() {
            JsonNode detail = body.path("detail");
            return detail.isTextual() ? detail.asText() : text.length() > 500 ? text.substring(0, 500) : text;
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    Answer send(String method, URI uri, String token, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        request.method(
                method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), parse(response.body()), response.body());
        } catch (IOException e) {
            throw new LauncherException(method + " " + uri + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LauncherException("interrupted during " + method + " " + uri, e);
        }
    }

    Answer get(URI uri, String token) {
        return send("GET", uri, token, Map.of(), null);
    }

    Answer postJson(URI uri, String token, Object body) {
        return send("POST", uri, token, Map.of("Content-Type", "application/json"), bytes(body));
    }

    /** Whether {@code uri} answers 200 within a second (a service's readiness). */
    boolean answers(URI uri) {
        HttpRequest request =
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static byte[] bytes(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    /** Fails with the answer's problem detail unless it is one of {@code expected}. */
    static Answer expect(Answer answer, String what, int... expected) {
        for (int status : expected) {
            if (answer.status() == status) {
                return answer;
            }
        }
        throw new LauncherException(
                what + " answered " + answer.status() + ": " + answer.detail(), LauncherException.STARTUP_FAILED);
    }
}
