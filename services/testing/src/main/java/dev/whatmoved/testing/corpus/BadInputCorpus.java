package dev.whatmoved.testing.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whatmoved.testing.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The bad-input corpus of one service: for every write operation of its OpenAPI document, the bad requests
 * {@link CorpusGenerator} derives from the valid request its test supplies, each of which must be refused with a 4xx
 * {@code application/problem+json} (with {@code status} and {@code detail}), or the error body the endpoint's
 * protocol defines instead ({@link Endpoint#errorBody}, e.g. OTLP/HTTP's {@code google.rpc.Status}), within a timeout. Per class of bad input
 * and endpoint, nothing may be stored (the state fingerprint is the same before and after the class), the service
 * must stay ready, and the next valid request must be served (2xx). Every failure is collected and reported in one
 * assertion message, with the counts per class and per endpoint.
 */
public final class BadInputCorpus {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String service;
    private final RawClient client;
    private final List<Endpoint> endpoints = new ArrayList<>();
    private final Set<String> exempt = new java.util.HashSet<>();
    private long limit = 10L * 1024 * 1024;
    private Supplier<String> fingerprint = () -> "";

    private final List<String> failures = new ArrayList<>();
    private final Map<String, int[]> perKind = new TreeMap<>();
    private final Map<String, int[]> perEndpoint = new LinkedHashMap<>();
    /** Where the time went (ms): generating cases, bad requests, fingerprints, readiness, the next valid requests. */
    private final long[] spent = new long[7];

    public BadInputCorpus(String service, URI base) {
        this.service = service;
        this.client = new RawClient(base, Duration.ofSeconds(15));
    }

    /** The body size the service refuses above (its configured limit). */
    public BadInputCorpus limit(long bytes) {
        this.limit = bytes;
        return this;
    }

    /** What the service has stored, read before and after each class of bad requests. */
    public BadInputCorpus fingerprint(Supplier<String> state) {
        this.fingerprint = state;
        return this;
    }

    public BadInputCorpus endpoint(Endpoint endpoint) {
        endpoints.add(endpoint);
        return this;
    }

    /** A write operation the corpus leaves out, and why (the reason is printed with the counts). */
    public BadInputCorpus exempt(String method, String template, String reason) {
        exempt.add(method + " " + template);
        System.out.printf("[corpus %s] %s %s left out: %s%n", service, method, template, reason);
        return this;
    }

    /** Runs the corpus, prints the counts (also to {@code target/bad-input-corpus-<service>.txt}) and asserts. */
    public void run() {
        long fetching = System.nanoTime();
        List<WriteOperation> operations = OpenApiDocument.fetch(client).writeOperations();
        spent[5] += System.nanoTime() - fetching;
        checkCoverage(operations);
        for (Endpoint endpoint : endpoints) {
            operations.stream()
                    .filter(o -> o.id().equals(endpoint.operationId()))
                    .findFirst()
                    .ifPresent(operation -> run(operation, endpoint));
        }
        String report = report();
        System.out.println(report);
        try {
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "bad-input-corpus-" + service + ".txt"), report);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " failures of the bad-input corpus of " + service + ":\n"
                    + String.join("\n", failures) + "\n\n" + report);
        }
    }

    /** Every write operation (and each media type it names) has an endpoint, and every endpoint an operation. */
    private void checkCoverage(List<WriteOperation> operations) {
        for (WriteOperation operation : operations) {
            if (exempt.contains(operation.id())) {
                continue;
            }
            List<Endpoint> described = endpoints.stream()
                    .filter(e -> e.operationId().equals(operation.id()))
                    .toList();
            if (described.isEmpty()) {
                failures.add("[coverage] " + operation.id() + " has no valid sample in the corpus");
            }
            for (String mediaType : operation.bodies().keySet()) {
                if (!mediaType.equals("*/*")
                        && described.stream()
                                .noneMatch(e -> e.mediaType != null
                                        && e.mediaType.split(";")[0].strip().equalsIgnoreCase(mediaType))) {
                    failures.add("[coverage] " + operation.id() + " takes " + mediaType + ": no valid sample of it");
                }
            }
        }
        for (Endpoint endpoint : endpoints) {
            if (operations.stream().noneMatch(o -> o.id().equals(endpoint.operationId()))) {
                failures.add("[coverage] " + endpoint.id() + " is not an operation of the OpenAPI document");
            }
        }
    }

    private void run(WriteOperation operation, Endpoint endpoint) {
        String token = endpoint.scope == null ? null : TestTokens.withScopes(endpoint.scope);
        long sendingBaseline = System.nanoTime();
        RawResponse baseline = client.send(endpoint.prepare(endpoint.valid(), token));
        spent[6] += System.nanoTime() - sendingBaseline;
        if (baseline.status() < 200 || baseline.status() > 299) {
            failures.add("[baseline] " + endpoint.id() + " | the valid sample | " + baseline.status() + " | "
                    + baseline.excerpt());
            return;
        }
        RawRequest valid = endpoint.valid();
        long endpointLimit = endpoint.limit == null ? limit : endpoint.limit;
        long generating = System.nanoTime();
        Map<String, List<BadCase>> byKind = CorpusGenerator.cases(operation, endpoint, valid, endpointLimit).stream()
                .collect(Collectors.groupingBy(BadCase::kind, LinkedHashMap::new, Collectors.toList()));
        int[] endpointCounts = perEndpoint.computeIfAbsent(endpoint.id(), k -> new int[3]);
        spent[0] += System.nanoTime() - generating;
        endpointCounts[2] += (int) ((System.nanoTime() - generating) / 1_000_000);
        byKind.forEach((kind, cases) -> {
            long kindStarted = System.nanoTime();
            int[] kindCounts = perKind.computeIfAbsent(kind, k -> new int[3]);
            long t0 = System.nanoTime();
            String before = fingerprint.get();
            long t1 = System.nanoTime();
            for (BadCase bad : cases) {
                RawResponse response = client.send(endpoint.prepare(bad.request(), token));
                String problem = judge(endpoint, response);
                kindCounts[0]++;
                endpointCounts[0]++;
                if (problem != null) {
                    kindCounts[1]++;
                    endpointCounts[1]++;
                    failures.add("[" + kind + "] " + endpoint.id() + " | " + bad.variant() + " | " + response.status()
                            + " " + problem + " | " + response.excerpt());
                }
            }
            long t2 = System.nanoTime();
            String after = fingerprint.get();
            long t3 = System.nanoTime();
            if (!Objects.equals(before, after)) {
                failures.add("[" + kind + "] " + endpoint.id() + " | stored something | before: " + before
                        + " | after: " + after);
            }
            RawResponse ready = client.send(RawRequest.of("GET", "/q/health/ready", null, null));
            if (ready.status() != 200 || !ready.text().contains("UP")) {
                failures.add("[" + kind + "] " + endpoint.id() + " | not ready afterwards | " + ready.status() + " | "
                        + ready.excerpt());
            }
            long t4 = System.nanoTime();
            RawResponse next = client.send(endpoint.prepare(endpoint.valid(), token));
            long t5 = System.nanoTime();
            spent[1] += t2 - t1;
            spent[2] += (t1 - t0) + (t3 - t2);
            spent[3] += t4 - t3;
            spent[4] += t5 - t4;
            if (next.status() < 200 || next.status() > 299) {
                failures.add("[" + kind + "] " + endpoint.id() + " | the next valid request was not served | "
                        + next.status() + " | " + next.excerpt());
            }
            int ms = (int) ((System.nanoTime() - kindStarted) / 1_000_000);
            kindCounts[2] += ms;
            endpointCounts[2] += ms;
        });
    }

    /** Why the answer is not a proper refusal, or null when it is one. */
    private static String judge(Endpoint endpoint, RawResponse response) {
        if (response.error() != null) {
            return "no answer";
        }
        int status = response.status();
        if (status >= 200 && status <= 299) {
            return endpoint.refusal.test(response) ? null : "accepted";
        }
        if (status >= 500) {
            return "server error";
        }
        if (status < 400) {
            return "not a 4xx";
        }
        if (endpoint.errorBody != null) {
            return endpoint.errorBody.test(response) ? null : "not " + endpoint.errorBodyDescription;
        }
        String contentType = response.contentType();
        if (contentType == null || !contentType.startsWith("application/problem+json")) {
            return "not problem+json (" + contentType + ")";
        }
        try {
            JsonNode problem = JSON.readTree(response.body());
            if (problem == null || problem.path("status").asInt() != status) {
                return "problem without its status";
            }
            if (!problem.path("detail").isTextual()
                    || problem.path("detail").asText().isBlank()) {
                return "problem without a detail";
            }
        } catch (IOException e) {
            return "problem+json that is not JSON";
        }
        return null;
    }

    private String report() {
        StringBuilder out = new StringBuilder("bad-input corpus of " + service + "\n");
        int cases = 0;
        int failed = 0;
        out.append(String.format("%-22s %7s %7s %7s%n", "class", "cases", "failed", "ms"));
        for (Map.Entry<String, int[]> kind : perKind.entrySet()) {
            out.append(String.format(
                    "%-22s %7d %7d %7d%n", kind.getKey(), kind.getValue()[0], kind.getValue()[1], kind.getValue()[2]));
            cases += kind.getValue()[0];
            failed += kind.getValue()[1];
        }
        out.append(String.format("%-22s %7d %7d%n%n", "total", cases, failed));
        out.append(String.format("%-60s %7s %7s %7s%n", "endpoint", "cases", "failed", "ms"));
        perEndpoint.forEach((endpoint, counts) ->
                out.append(String.format("%-60s %7d %7d %7d%n", endpoint, counts[0], counts[1], counts[2])));
        long classLevel = failures.stream()
                .filter(f -> f.contains("| stored something |")
                        || f.contains("| not ready afterwards |")
                        || f.contains("| the next valid request was not served |")
                        || f.startsWith("[coverage]")
                        || f.startsWith("[baseline]"))
                .count();
        out.append(String.format(
                "%ntime (ms): OpenAPI document %d, first valid requests %d, generating cases %d, bad requests %d, fingerprints %d, readiness %d, next valid requests"
                        + " %d%n",
                spent[5] / 1_000_000,
                spent[6] / 1_000_000,
                spent[0] / 1_000_000,
                spent[1] / 1_000_000,
                spent[2] / 1_000_000,
                spent[3] / 1_000_000,
                spent[4] / 1_000_000));
        out.append(String.format(
                "cases: %d, refused properly: %d, failed: %d; other failures (stored, not ready, next valid request"
                        + " not served, coverage, baseline): %d%n",
                cases, cases - failed, failed, classLevel));
        return out.toString();
    }
}
