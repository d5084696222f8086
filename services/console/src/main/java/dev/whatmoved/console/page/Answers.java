package dev.whatmoved.console.page;

import dev.whatmoved.console.client.Panel;
import io.quarkus.qute.TemplateInstance;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The status of a page about one thing: 404 when the service that owns the thing says it does not exist (the page
 * then says so and links to the list), 200 otherwise, also when that service is down (the page shows a banner).
 */
final class Answers {

    private Answers() {}

    static RestResponse<TemplateInstance> page(Panel<?> owner, TemplateInstance page) {
        return owner.notFound() ? RestResponse.status(RestResponse.Status.NOT_FOUND, page) : RestResponse.ok(page);
    }
}
