package dev.whatmoved.testing.corpus;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request exactly as it goes on the wire: the path as written (not re-encoded, so {@code %zz} stays {@code %zz}),
 * the headers and the body bytes.
 *
 * @param body the body, or null for none
 * @param chunked sent without a Content-Length (Transfer-Encoding: chunked)
 */
public record RawRequest(String method, String path, Map<String, String> headers, byte[] body, boolean chunked) {

    public RawRequest {
        headers = Map.copyOf(headers);
    }

    public static RawRequest of(String method, String path, String contentType, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return new RawRequest(method, path, headers, body, false);
    }

    public RawRequest withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.keySet().removeIf(n -> n.equalsIgnoreCase(name));
        if (value != null) {
            copy.put(name, value);
        }
        return new RawRequest(method, path, copy, body, chunked);
    }

    public RawRequest withBody(byte[] newBody) {
        return new RawRequest(method, path, headers, newBody, chunked);
    }

    public RawRequest withPath(String newPath) {
        return new RawRequest(method, newPath, headers, body, chunked);
    }

    public RawRequest chunkedBody() {
        return new RawRequest(method, path, headers, body, true);
    }

    public String header(String name) {
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    public String contentType() {
        return header("Content-Type");
    }
}
