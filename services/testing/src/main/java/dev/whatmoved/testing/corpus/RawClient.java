package dev.whatmoved.testing.corpus;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Sends {@link RawRequest}s byte for byte: with {@link HttpClient} (which leaves bodies and headers alone), and over a
 * plain socket for a path {@link URI} would refuse to hold (e.g. {@code %zz}).
 */
public final class RawClient {

    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "host", "expect", "upgrade");

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;

    public RawClient(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
    }

    public RawResponse send(RawRequest request) {
        URI uri;
        try {
            uri = new URI(base.getScheme() + "://" + base.getAuthority() + request.path());
        } catch (java.net.URISyntaxException notAUri) {
            return sendOverSocket(request);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout);
        request.headers().forEach((name, value) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                builder.header(name, value);
            }
        });
        HttpRequest.BodyPublisher body;
        if (request.body() == null) {
            body = HttpRequest.BodyPublishers.noBody();
        } else if (request.chunked()) {
            byte[] bytes = request.body();
            body = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
        } else {
            body = HttpRequest.BodyPublishers.ofByteArray(request.body());
        }
        builder.method(request.method(), body);
        try {
            HttpResponse<byte[]> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new RawResponse(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null),
                    response.body(),
                    null);
        } catch (HttpTimeoutException e) {
            return RawResponse.none("no answer within " + timeout.toSeconds() + " s");
        } catch (IOException e) {
            return RawResponse.none(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RawResponse.none("interrupted");
        }
    }

    /** HTTP/1.1 by hand, one request per connection, the request line exactly as given. */
    private RawResponse sendOverSocket(RawRequest request) {
        int port = base.getPort() == -1 ? 80 : base.getPort();
        try (Socket socket = new Socket(base.getHost(), port)) {
            socket.setSoTimeout((int) timeout.toMillis());
            StringBuilder head = new StringBuilder()
                    .append(request.method())
                    .append(' ')
                    .append(request.path())
                    .append(" HTTP/1.1\r\nHost: ")
                    .append(base.getAuthority())
                    .append("\r\nConnection: close\r\n");
            for (Map.Entry<String, String> header : request.headers().entrySet()) {
                if (!RESTRICTED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                    head.append(header.getKey())
                            .append(": ")
                            .append(header.getValue())
                            .append("\r\n");
                }
            }
            byte[] body = request.body() == null ? new byte[0] : request.body();
            if (request.body() != null || !request.method().equals("GET")) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return parse(socket.getInputStream().readAllBytes());
        } catch (SocketTimeoutException e) {
            return RawResponse.none("no answer within " + timeout.toSeconds() + " s");
        } catch (IOException e) {
            return RawResponse.none(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static RawResponse parse(byte[] raw) throws IOException {
        String all = new String(raw, StandardCharsets.ISO_8859_1);
        int end = all.indexOf("\r\n\r\n");
        if (end < 0 || !all.startsWith("HTTP/1.")) {
            return RawResponse.none("not an HTTP answer: " + all.substring(0, Math.min(80, all.length())));
        }
        String[] lines = all.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        String contentType = null;
        boolean chunked = false;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            String name = lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).strip();
            if (name.equals("content-type")) {
                contentType = value;
            } else if (name.equals("transfer-encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            }
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        return new RawResponse(status, contentType, chunked ? dechunk(body) : body, null);
    }

    private static byte[] dechunk(byte[] chunked) throws IOException {
        InputStream in = new ByteArrayInputStream(chunked);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            StringBuilder size = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (c != '\r') {
                    size.append((char) c);
                }
            }
            String hex = size.toString().split(";")[0].strip();
            if (c == -1 || hex.isEmpty() || Integer.parseInt(hex, 16) == 0) {
                return out.toByteArray();
            }
            out.write(in.readNBytes(Integer.parseInt(hex, 16)));
            in.read(); // \r
            in.read(); // \n
        }
    }
}
