package dev.whatmoved.testing.corpus;

/** How an endpoint's body is written, which decides the classes of bad input it gets. */
public enum Format {
    /** No request body: only the path can be bad. */
    NONE,
    /** One JSON document. */
    JSON,
    /** Newline-delimited JSON; the valid sample is one line, so every class applies to that line. */
    NDJSON,
    /** A header row, then one row per record; the valid sample is the header and one row. */
    CSV,
    /** A protocol-buffers message (OTLP). */
    PROTOBUF
}
