package dev.whatmoved.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whatmoved.events.EventType;
import dev.whatmoved.events.ReleaseDeployed;
import dev.whatmoved.events.Topics;
import dev.whatmoved.kit.outbox.InvalidEventException;
import dev.whatmoved.kit.outbox.Outbox;
import dev.whatmoved.testing.EmbeddedPlatform;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.PublishedEvents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A producer never publishes an event that breaks its schema: the outbox checks each event against its JSON Schema
 * before writing it, and one that fails makes the transaction fail, loudly, with nothing written or published. (The
 * intake refuses impossible values with a 400 before; this is the net behind it, for a producer's bug.)
 */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "features"))
class OutboxSchemaGuardTest {

    @Inject
    Outbox outbox;

    @Test
    void anEventThatBreaksItsSchemaIsNeitherWrittenNorPublished() throws Throwable {
        UUID broken = UUID.randomUUID();
        ReleaseDeployed inYear20000 = new ReleaseDeployed(
                broken,
                "guarded",
                "1.0.0",
                "production",
                null,
                Instant.parse("+20000-01-01T00:00:00Z"),
                List.of("Not A Key"),
                "api",
                null);
        assertThatThrownBy(() -> append(inYear20000))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("release.deployed.v1.schema.json")
                .hasMessageContaining("deployedAt")
                .hasMessageContaining("/features/0");

        UUID valid = UUID.randomUUID();
        append(new ReleaseDeployed(
                valid,
                "guarded",
                "1.0.1",
                "production",
                null,
                Instant.parse("2026-11-24T10:15:30Z"),
                List.of(),
                "api",
                null));
        String bootstrap = EmbeddedPlatform.get().kafkaBootstrapServers();
        PublishedEvents.awaitEvent(
                bootstrap, EventType.RELEASE_DEPLOYED, e -> valid.toString().equals(e.subject()));
        assertThat(PublishedEvents.allEvents(bootstrap, Topics.RELEASES))
                .noneMatch(e -> broken.toString().equals(e.subject()));
    }

    private void append(ReleaseDeployed event) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> outbox.append(
                EventType.RELEASE_DEPLOYED, event.service(), event.releaseId().toString(), event)));
    }
}
