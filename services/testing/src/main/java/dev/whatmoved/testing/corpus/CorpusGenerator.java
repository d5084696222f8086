package dev.whatmoved.testing.corpus;

import java.util.ArrayList;
import java.util.List;

/** Derives the bad requests of one endpoint from its valid request, by the classes its body format has. */
public final class CorpusGenerator {

    private CorpusGenerator() {}

    /**
     * @param limit the body size the endpoint must refuse above
     */
    public static List<BadCase> cases(WriteOperation operation, Endpoint endpoint, RawRequest valid, long limit) {
        List<BadCase> cases = new ArrayList<>();
        switch (endpoint.format) {
            case NONE -> {
                // no request body (commit, retire, DELETE): there is no body to malform, so only the path can be bad
            }
            case JSON, NDJSON -> {
                JsonCases.generate(valid, operation.schema(endpoint.mediaType), endpoint, cases);
                TransportCases.body(operation, endpoint, valid, limit, cases);
            }
            case CSV -> {
                CsvCases.generate(valid, endpoint.required, cases);
                TransportCases.body(operation, endpoint, valid, limit, cases);
            }
            case PROTOBUF -> {
                TransportCases.protobuf(valid, cases);
                TransportCases.body(operation, endpoint, valid, limit, cases);
            }
        }
        TransportCases.path(operation.template(), valid, cases);
        return cases;
    }
}
