package dev.whatmoved.testing.corpus;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Classes every body format gets (content type, size, content encoding), those of protobuf bodies, and those of path
 * parameters.
 */
final class TransportCases {

    private TransportCases() {}

    static void body(WriteOperation operation, Endpoint endpoint, RawRequest valid, long limit, List<BadCase> out) {
        if (operation.accepts("application/xml")) {
            // the operation takes any media type (*/*), e.g. CSV as curl --data-binary sends it: none is wrong
        } else {
            out.add(new BadCase(
                    "content-type", "application/xml", valid.withHeader("Content-Type", "application/xml")));
        }
        byte[] oversize = padded(endpoint.format, valid.body(), limit + 1024);
        out.add(new BadCase("oversize", oversize.length + " bytes, Content-Length declared", valid.withBody(oversize)));
        out.add(new BadCase(
                "oversize",
                oversize.length + " bytes, chunked",
                valid.withBody(oversize).chunkedBody()));
        out.add(new BadCase(
                "bad-gzip",
                "Content-Encoding: gzip, the body not compressed",
                valid.withHeader("Content-Encoding", "gzip")));
        byte[] gzipped = Bytes.gzip(valid.body());
        out.add(new BadCase(
                "bad-gzip",
                "Content-Encoding: gzip, the stream cut in half",
                valid.withHeader("Content-Encoding", "gzip").withBody(Bytes.head(gzipped, gzipped.length / 2))));
        long inflated = limit + 1024 * 1024;
        byte[] bomb = Bytes.gzip(padded(endpoint.format, valid.body(), inflated));
        out.add(new BadCase(
                "gzip-bomb",
                bomb.length + " bytes inflating past " + inflated,
                valid.withHeader("Content-Encoding", "gzip").withBody(bomb)));
    }

    static void protobuf(RawRequest valid, List<BadCase> out) {
        byte[] message = valid.body();
        out.add(new BadCase("truncated", "first half", valid.withBody(Bytes.head(message, message.length / 2))));
        out.add(new BadCase("truncated", "last byte missing", valid.withBody(Bytes.head(message, message.length - 1))));
        byte[] garbage = new byte[64];
        java.util.Arrays.fill(garbage, (byte) 0xff);
        out.add(new BadCase("malformed-protobuf", "64 bytes FF", valid.withBody(garbage)));
        out.add(new BadCase("malformed-protobuf", "field 1 claims 2 GiB", valid.withBody(new byte[] {
            0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07, 0x01
        })));
        out.add(new BadCase(
                "malformed-protobuf", "JSON sent as protobuf", valid.withBody(Bytes.utf8("{\"resourceMetrics\":[]}"))));
    }

    /** Path parameters that do not decode: each variant in each parameter's segment of the valid path. */
    static void path(String template, RawRequest valid, List<BadCase> out) {
        String[] templateSegments = template.split("/");
        String pathOnly = valid.path().split("\\?")[0];
        String query = valid.path().length() > pathOnly.length() ? valid.path().substring(pathOnly.length()) : "";
        String[] segments = pathOnly.split("/");
        for (int i = 0; i < templateSegments.length && i < segments.length; i++) {
            if (!templateSegments[i].startsWith("{")) {
                continue;
            }
            for (String bad : List.of("%zz", "%", "%00", "a%00b", "%c3%28", "%ff", "%e2%80%ae")) {
                String[] copy = segments.clone();
                copy[i] = bad;
                out.add(new BadCase(
                        "path-decoding",
                        templateSegments[i] + " = " + bad,
                        valid.withPath(String.join("/", copy) + query)));
            }
        }
    }

    /** The valid body made larger than {@code size} bytes, staying valid in its format. */
    static byte[] padded(Format format, byte[] body, long size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) size + body.length);
        switch (format) {
            case CSV -> {
                String text = new String(body, StandardCharsets.UTF_8);
                String[] lines = text.split("\r?\n");
                byte[] row = Bytes.utf8(lines[1] + "\n");
                out.writeBytes(Bytes.utf8(lines[0] + "\n"));
                while (out.size() <= size) {
                    out.writeBytes(row);
                }
            }
            case PROTOBUF -> {
                // concatenated messages merge into one: valid, just large
                while (out.size() <= size) {
                    out.writeBytes(body);
                }
            }
            default -> {
                out.writeBytes(body);
                byte[] spaces = new byte[64 * 1024];
                java.util.Arrays.fill(spaces, (byte) ' ');
                while (out.size() <= size) {
                    out.write(spaces, 0, spaces.length);
                }
            }
        }
        return out.toByteArray();
    }
}
