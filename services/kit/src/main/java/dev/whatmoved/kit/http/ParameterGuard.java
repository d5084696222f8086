package dev.whatmoved.kit.http;

import dev.whatmoved.kit.problem.ProblemException;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a path or query parameter holding the NUL character ({@code %00}), naming the parameter, before a resource
 * sees it: PostgreSQL cannot take it even in a query (SQLSTATE 22021), and no key or name of ours contains it.
 */
public class ParameterGuard {

    static final String MESSAGE = "must not contain the NUL character (U+0000, %00)";

    @ServerRequestFilter
    public void refuseNul(UriInfo uri) {
        check(uri.getPathParameters());
        check(uri.getQueryParameters());
    }

    private static void check(MultivaluedMap<String, String> parameters) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            if (parameter.getKey().indexOf('\0') >= 0) {
                throw ProblemException.invalid("query", "a parameter name " + MESSAGE);
            }
            for (String value : parameter.getValue()) {
                if (value != null && value.indexOf('\0') >= 0) {
                    throw ProblemException.invalid(parameter.getKey(), MESSAGE);
                }
            }
        }
    }
}
