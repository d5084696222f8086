package dev.whatmoved.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * HTTP/1.1 over a raw socket, byte for byte as written: for the requests an HTTP client library would refuse to send or
 * would normalise (a broken request line, a header block over the limit, a chunked body that never ends, a target that
 * is not a URI). Reads one answer back, whatever the server does with the rest of the request.
 */
public final class RawHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;

    public RawHttp(URI base) {
        this.base = base;
    }

    /** One answer: its status, media type (without parameters) and body as text. */
    public record Answer(int status, String contentType, String body) {

        public JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    /** Asserts a problem+json answer of this status whose detail or field errors mention {@code mentioned}. */
    public static void assertProblem(Answer answer, int status, String mentioned) throws IOException {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.contentType()).as(answer.toString()).isEqualTo("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("type").asText()).startsWith("https://whatmoved.dev/problems/");
        assertThat(problem.path("detail").asText() + " " + problem.path("errors"))
                .as(answer.toString())
                .contains(mentioned);
    }

    public Answer send(String request) throws IOException {
        return send(request.getBytes(StandardCharsets.UTF_8), new byte[0]);
    }

    public Answer send(byte[] head, byte[] body) throws IOException {
        try (Socket socket = open()) {
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head);
                out.write(body);
                out.flush();
            } catch (IOException closedWhileSending) {
                // the server answered and closed before the whole request was sent: read what it answered
            }
            return read(socket.getInputStream());
        }
    }

    /** Sends {@code head}, then {@code bytes} of blanks in 64 KiB chunks, then the last chunk. */
    public Answer sendChunked(String head, int bytes) throws IOException {
        try (Socket socket = open()) {
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) ' ');
            try {
                for (int sent = 0; sent < bytes; sent += chunk.length) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException closedWhileSending) {
                // the server answered and closed before the whole body was sent: read what it answered
            }
            return read(socket.getInputStream());
        }
    }

    private Socket open() throws IOException {
        Socket socket = new Socket(base.getHost(), base.getPort());
        socket.setSoTimeout(15_000);
        return socket;
    }

    /** Reads one response: status line, headers, and a body by Content-Length or chunked. */
    static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        String contentType = null;
        long length = -1;
        boolean chunked = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim().toLowerCase();
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-type" -> contentType = value.split(";")[0].trim();
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
                default -> {}
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
                body.write(in.readNBytes(size));
                line(in);
            }
        } else if (length > 0) {
            body.write(in.readNBytes((int) length));
        }
        return new Answer(status, contentType, body.toString(StandardCharsets.UTF_8));
    }

    private static int chunkSize(InputStream in) throws IOException {
        return Integer.parseInt(line(in).split(";")[0].trim(), 16);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                if (line.isEmpty()) {
                    throw new IOException("connection closed without an answer");
                }
                break;
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
