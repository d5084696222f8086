package dev.whatmoved.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import dev.whatmoved.events.EventType;
import dev.whatmoved.events.Topics;
import dev.whatmoved.testing.EmbeddedPlatform;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.PublishedEvents;
import dev.whatmoved.testing.TestEvents;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Every notification kind reaches every channel: events on the real broker, real receivers (an HTTP server that checks
 * each vendor's documented shape, a GreenMail SMTP server), a real PostgreSQL behind the service.
 */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "notify"))
@WithTestResource(GreenMailResource.class)
@WithTestResource(StubAttribution.class)
class NotificationsTest {

    /** The kinds whose message is about a known, committed feature (so carries its ticket). */
    static final List<String> ABOUT_THE_FEATURE =
            List.of("verdict.early-read", "verdict.final", "guardrail.breached", "prediction.amended-after-ship");

    static final Set<String> ALL_KINDS = Set.of(
            "verdict.early-read",
            "verdict.final",
            "guardrail.breached",
            "release.unlinked",
            "feature.unpredicted",
            "prediction.amended-after-ship");

    static final Receivers RECEIVERS = new Receivers();

    @GreenMailResource.Smtp
    GreenMail smtp;

    @AfterAll
    static void closeReceivers() {
        RECEIVERS.close();
    }

    @Test
    void eachKindReachesEachChannelInItsVendorsShape() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String team = "growth-" + id;
        String feature = "one-click-" + id;
        String service = "checkout-" + id;
        String secret = "s3cret-signing-key-" + id;
        Rules.http(team, "slack", "slack", RECEIVERS.url("/slack/" + id + "/T000/B000/XXXX"));
        Rules.http(team, "teams", "teams", RECEIVERS.url("/teams/" + id + "/workflows/abc"));
        Rules.webhook(team, "hook", RECEIVERS.url("/hook/" + id), secret);
        Rules.email(team, "mail", team + "@example.com");

        // the commit and the amendment share a partition: once the amendment is delivered, the commit is applied
        Events.featureCommitted(feature, team, 30);
        Events.amendedAfterShip(feature, team);
        await().atMost(Duration.ofSeconds(120))
                .until(() -> RECEIVERS.at("/slack/" + id + "/T000/B000/XXXX").size() == 1);

        UUID linked = UUID.randomUUID();
        Events.releaseDeployed(linked, service, "[\"" + feature + "\"]"); // the team owns the service from now on
        Events.releaseDeployed(UUID.randomUUID(), service, "[]");
        Events.releaseDeployed(UUID.randomUUID(), service, "[\"never-predicted-" + id + "\"]");
        Events.outcomeMeasured(UUID.randomUUID(), linked, feature, 1, 1, "inconclusive"); // early, undecided: quiet
        Events.outcomeMeasured(UUID.randomUUID(), linked, feature, 7, 1, "moved-as-predicted");
        long finalPublished = System.nanoTime();
        Events.outcomeMeasured(UUID.randomUUID(), linked, feature, 30, 1, "no-detectable-change");
        Events.guardrailBreached(linked, feature);

        String slack = "/slack/" + id + "/T000/B000/XXXX";
        String teams = "/teams/" + id + "/workflows/abc";
        String hook = "/hook/" + id;
        await().atMost(Duration.ofSeconds(120))
                .until(() -> RECEIVERS.at(slack).size() >= 6
                        && RECEIVERS.at(teams).size() >= 6
                        && RECEIVERS.at(hook).size() >= 6
                        && smtp.getReceivedMessagesForDomain("example.com").length >= 6);
        Thread.sleep(1000); // nothing more may come
        assertThat(kinds(RECEIVERS.at(slack))).isEqualTo(ALL_KINDS);
        assertThat(kinds(RECEIVERS.at(teams))).isEqualTo(ALL_KINDS);
        assertThat(kinds(RECEIVERS.at(hook))).isEqualTo(ALL_KINDS);
        assertThat(RECEIVERS.at(slack)).hasSize(6);

        RECEIVERS.at(slack).forEach(r -> VendorShapes.assertSlackMessage(r.json()));
        RECEIVERS.at(teams).forEach(r -> VendorShapes.assertTeamsCard(r.json()));
        RECEIVERS.at(hook).forEach(r -> VendorShapes.assertSignedCloudEvent(r, secret));

        Receivers.Received verdict = only(RECEIVERS.at(slack), "verdict.final");
        assertThat(verdict.json().path("text").asText())
                .isEqualTo("Verdict (day 30): " + feature + " checkout.conversions showed no detectable change");
        Receivers.Received early = only(RECEIVERS.at(teams), "verdict.early-read");
        assertThat(early.body()).contains("Early read (day 7)", "final verdict is read at day 30");
        Receivers.Received breach = only(RECEIVERS.at(hook), "guardrail.breached");
        assertThat(breach.json().path("type").asText()).isEqualTo(EventType.OUTCOME_GUARDRAIL_BREACHED.type());
        assertThat(breach.json().path("data").path("featureKey").asText()).isEqualTo(feature);
        Receivers.Received unpredicted = only(RECEIVERS.at(hook), "feature.unpredicted");
        assertThat(unpredicted.json().path("type").asText()).isEqualTo(EventType.RELEASE_DEPLOYED.type());

        // every message about the feature links back to its ticket; the release nudges are about no known feature
        for (String kind : ABOUT_THE_FEATURE) {
            assertThat(slackButtons(only(RECEIVERS.at(slack), kind)))
                    .as(kind)
                    .contains("Ticket SHOP-42 " + Events.TRACKER_URL)
                    .anyMatch(b -> b.startsWith("Open in whatmoved http"));
            assertThat(teamsActions(only(RECEIVERS.at(teams), kind)))
                    .as(kind)
                    .contains("Ticket SHOP-42 " + Events.TRACKER_URL);
        }
        assertThat(slackButtons(only(RECEIVERS.at(slack), "release.unlinked")))
                .singleElement()
                .asString()
                .startsWith("Open in whatmoved http");

        MimeMessage[] mails = smtp.getReceivedMessagesForDomain("example.com");
        assertThat(mails).hasSize(6);
        assertThat(Arrays.stream(mails)
                        .filter(m -> subject(m).contains("Guardrail breached")
                                || subject(m).contains("Verdict ("))
                        .map(NotificationsTest::html)
                        .toList())
                .hasSize(2)
                .allMatch(html -> html.contains("<a href=\"" + Events.TRACKER_URL + "\">Ticket SHOP-42</a>"));
        assertThat(Arrays.stream(mails).map(NotificationsTest::subject).toList())
                .allMatch(s -> s.startsWith("[whatmoved] "))
                .anyMatch(s -> s.contains("Guardrail breached: checkout.latency-p95 +12.4 %"))
                .anyMatch(s -> s.contains("Release without a feature: " + service));
        assertThat(mails[0].getAllRecipients()[0].toString()).isEqualTo(team + "@example.com");

        long finalReceived = only(RECEIVERS.at(hook), "verdict.final").receivedAtNanos();
        System.out.printf(
                "notify latency, outcome event published -> signed webhook received: %d ms%n",
                Duration.ofNanos(finalReceived - finalPublished).toMillis());
    }

    @Test
    void anEventDeliveredTwiceAndAnUnchangedRecomputationNotifyOnce() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String team = "search-" + id;
        String feature = "ranker-" + id;
        String path = "/once/" + id;
        Rules.create(
                team,
                """
                {"name": "verdicts", "events": ["verdict.final", "prediction.amended-after-ship"],
                 "channel": {"type": "slack", "url": "%s"}}
                """
                        .formatted(RECEIVERS.url(path)));
        Events.featureCommitted(feature, team, 7);
        // same partition: once the amendment (horizon now 30 days) is delivered, the commit is applied
        Events.amendedAfterShip(feature, team);
        await().atMost(Duration.ofSeconds(120)).until(() -> RECEIVERS.at(path).size() == 1);

        UUID release = UUID.randomUUID();
        UUID outcome = UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        String data = Events.measuredData(outcome, release, feature, 30, 1, "moved-as-predicted");
        for (int i = 0; i < 2; i++) { // Kafka delivers at least once: the same event, twice
            TestEvents.publish(
                    Topics.OUTCOMES,
                    release.toString(),
                    data,
                    TestEvents.cloudEventHeaders(eventId, EventType.OUTCOME_MEASURED, "s"));
        }
        // a recomputation with the same verdict is not news; one with another verdict is
        Events.outcomeMeasured(outcome, release, feature, 30, 2, "moved-as-predicted");
        await().atMost(Duration.ofSeconds(120)).until(() -> verdicts(path).size() == 1);
        Thread.sleep(1500);
        assertThat(verdicts(path)).hasSize(1);

        Events.outcomeMeasured(outcome, release, feature, 30, 3, "no-detectable-change");
        await().atMost(Duration.ofSeconds(120)).until(() -> verdicts(path).size() == 2);
        assertThat(verdicts(path).get(1).json().path("text").asText()).contains("showed no detectable change");
    }

    @Test
    void aRecordThatBreaksItsSchemaIsDeadLetteredWithTheReason() {
        String key = "poison-" + UUID.randomUUID();
        TestEvents.publish(
                Topics.OUTCOMES,
                key,
                "{\"outcomeId\": \"not-a-uuid\"}",
                TestEvents.cloudEventHeaders(UUID.randomUUID().toString(), EventType.OUTCOME_MEASURED, key));
        var dead = PublishedEvents.awaitRecord(
                EmbeddedPlatform.get().kafkaBootstrapServers(),
                Topics.deadLetter(Topics.OUTCOMES),
                r -> key.equals(r.key()));
        assertThat(PublishedEvents.headerValue(dead, "dead-letter-reason"))
                .contains("does not match outcome.measured.v1.schema.json");
    }

    /** Each Slack button as "text url". */
    private static List<String> slackButtons(Receivers.Received received) {
        List<String> buttons = new java.util.ArrayList<>();
        received.json().path("blocks").forEach(block -> block.path("elements").forEach(e -> {
            if ("button".equals(e.path("type").asText())) {
                buttons.add(e.path("text").path("text").asText() + " "
                        + e.path("url").asText());
            }
        }));
        return buttons;
    }

    /** Each Adaptive Card Action.OpenUrl as "title url". */
    private static List<String> teamsActions(Receivers.Received received) {
        List<String> actions = new java.util.ArrayList<>();
        received.json()
                .path("attachments")
                .path(0)
                .path("content")
                .path("actions")
                .forEach(a -> actions.add(
                        a.path("title").asText() + " " + a.path("url").asText()));
        return actions;
    }

    private static List<Receivers.Received> verdicts(String path) {
        return RECEIVERS.at(path).stream()
                .filter(r -> "verdict.final".equals(r.header("X-Whatmoved-Notification")))
                .toList();
    }

    private static Set<String> kinds(List<Receivers.Received> received) {
        return received.stream().map(r -> r.header("X-Whatmoved-Notification")).collect(Collectors.toSet());
    }

    private static Receivers.Received only(List<Receivers.Received> received, String kind) {
        List<Receivers.Received> of = received.stream()
                .filter(r -> kind.equals(r.header("X-Whatmoved-Notification")))
                .toList();
        assertThat(of).as(kind).hasSize(1);
        return of.get(0);
    }

    /** The decoded text/html part of a mail. */
    private static String html(MimeMessage message) {
        try {
            return html((jakarta.mail.Part) message);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String html(jakarta.mail.Part part) throws Exception {
        if (part.isMimeType("text/html")) {
            return (String) part.getContent();
        }
        if (part.getContent() instanceof jakarta.mail.Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                String html = html(multipart.getBodyPart(i));
                if (html != null) {
                    return html;
                }
            }
        }
        return null;
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
