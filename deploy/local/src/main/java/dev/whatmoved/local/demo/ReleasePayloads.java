package dev.whatmoved.local.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.whatmoved.local.demo.Scenario.Release;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The bodies and headers each CI or CD system sends for a deployment, built the way those systems build them: a
 * GitHub {@code deployment_status} delivery (from an Actions job, or from a GitHub App's deployment), a GitLab
 * deployment hook, a CDEvent over HTTP (binary mode, spec 0.4; structured mode, spec 0.5) and the native JSON.
 */
public final class ReleasePayloads {

    static final String ORG = "acme-shop";
    static final String ENVIRONMENT = "production";
    private static final ZoneId GITLAB_ZONE = ZoneId.of("Europe/Berlin");
    private static final DateTimeFormatter GITLAB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z");

    /** What goes over the wire: the exact bytes and the headers that describe them. */
    public record Delivery(String path, Map<String, String> headers, byte[] body) {}

    private final ObjectMapper json = new ObjectMapper();

    public Delivery delivery(Release release, int sequence) {
        return switch (release.source()) {
            case GITHUB_ACTIONS -> github(githubActions(release, sequence), release);
            case GITHUB_APP -> github(githubApp(release, sequence), release);
            case GITLAB -> gitlab(release, sequence);
            case CDEVENTS_BINARY -> cdEventsBinary(release);
            case CDEVENTS_STRUCTURED -> cdEventsStructured(release);
            case API -> api(release);
        };
    }

    /** A deployment made by a GitHub Actions job: the service is the repository, the version the tag deployed. */
    ObjectNode githubActions(Release release, int sequence) {
        ObjectNode root = json.createObjectNode();
        root.put("action", "created");
        long deploymentId = 2_174_550_000L + sequence * 97L;
        Instant created = release.deployedAt().minus(3, ChronoUnit.MINUTES);
        ObjectNode status = root.putObject("deployment_status");
        status.put("url", repoApi(release) + "/deployments/" + deploymentId + "/statuses/" + (deploymentId + 1));
        status.put("id", deploymentId + 1_794_000_000L);
        status.put("state", "success");
        user(status.putObject("creator"), "github-actions[bot]", 41898282, "Bot");
        status.put("description", "");
        status.put("environment", ENVIRONMENT);
        status.put(
                "target_url",
                "https://github.com/" + ORG + "/" + release.service() + "/actions/runs/" + runId(sequence));
        status.put("created_at", release.deployedAt().toString());
        status.put("updated_at", release.deployedAt().toString());
        status.put("deployment_url", repoApi(release) + "/deployments/" + deploymentId);
        status.put("repository_url", repoApi(release));
        status.putNull("performed_via_github_app");
        ObjectNode deployment = root.putObject("deployment");
        deployment.put("url", repoApi(release) + "/deployments/" + deploymentId);
        deployment.put("id", deploymentId);
        deployment.put("task", "deploy");
        deployment.put("original_environment", ENVIRONMENT);
        deployment.put("environment", ENVIRONMENT);
        deployment.putNull("description");
        deployment.put("created_at", created.toString());
        deployment.put("updated_at", release.deployedAt().toString());
        user(deployment.putObject("creator"), "github-actions[bot]", 41898282, "Bot");
        deployment.put("sha", release.commit());
        deployment.put("ref", release.version());
        deployment.putObject("payload");
        deployment.put("transient_environment", false);
        deployment.put("production_environment", true);
        ObjectNode workflow = root.putObject("workflow");
        workflow.put("id", 74211093);
        workflow.put("name", "Release");
        workflow.put("path", ".github/workflows/release.yml");
        workflow.put("state", "active");
        ObjectNode run = root.putObject("workflow_run");
        run.put("id", runId(sequence));
        run.put("name", "Release");
        run.put("head_branch", release.version());
        run.put("head_sha", release.commit());
        run.put("path", ".github/workflows/release.yml");
        // the head commit's title: a [feature-key] tag in it links the release
        String tags = release.features().stream().map(k -> "[" + k + "] ").reduce("", String::concat);
        run.put("display_title", tags + release.title());
        run.put("run_number", 400 + sequence);
        run.put("event", "push");
        run.put("status", "in_progress");
        run.putNull("conclusion");
        run.put("workflow_id", 74211093);
        run.put("created_at", created.minus(2, ChronoUnit.MINUTES).toString());
        run.put("updated_at", created.toString());
        user(run.putObject("actor"), release.actor(), actorId(release.actor()), "User");
        user(run.putObject("triggering_actor"), release.actor(), actorId(release.actor()), "User");
        run.put("run_attempt", 1);
        run.put("run_started_at", created.minus(2, ChronoUnit.MINUTES).toString());
        repository(root.putObject("repository"), release);
        organization(root.putObject("organization"));
        user(root.putObject("sender"), release.actor(), actorId(release.actor()), "User");
        return root;
    }

    /** A deployment a deploy bot (GitHub App) created through the REST API, naming service, version and features. */
    ObjectNode githubApp(Release release, int sequence) {
        ObjectNode root = json.createObjectNode();
        root.put("action", "created");
        long deploymentId = 2_175_100_000L + sequence * 89L;
        ObjectNode status = root.putObject("deployment_status");
        status.put("url", repoApi(release) + "/deployments/" + deploymentId + "/statuses/" + (deploymentId + 7));
        status.put("id", deploymentId + 1_794_100_000L);
        status.put("state", "success");
        user(status.putObject("creator"), "acme-deployer[bot]", 189204477, "Bot");
        status.put("description", "Argo CD sync succeeded: " + release.service() + "-prod is Healthy");
        status.put("environment", ENVIRONMENT);
        status.put("target_url", "https://argocd.acme.example/applications/argocd/" + release.service() + "-prod");
        status.put("created_at", release.deployedAt().toString());
        status.put("updated_at", release.deployedAt().toString());
        status.put("deployment_url", repoApi(release) + "/deployments/" + deploymentId);
        status.put("repository_url", repoApi(release));
        ObjectNode deployment = root.putObject("deployment");
        deployment.put("url", repoApi(release) + "/deployments/" + deploymentId);
        deployment.put("id", deploymentId);
        deployment.put("task", "deploy");
        deployment.put("original_environment", ENVIRONMENT);
        deployment.put("environment", ENVIRONMENT);
        deployment.put(
                "description",
                "Deploy " + release.service() + " " + release.version() + " to production\n\n" + release.title());
        deployment.put(
                "created_at", release.deployedAt().minus(4, ChronoUnit.MINUTES).toString());
        deployment.put("updated_at", release.deployedAt().toString());
        user(deployment.putObject("creator"), "acme-deployer[bot]", 189204477, "Bot");
        deployment.put("sha", release.commit());
        deployment.put("ref", release.service() + "-v" + release.version());
        ObjectNode payload = deployment.putObject("payload");
        payload.put("service", release.service());
        payload.put("version", release.version());
        ArrayNode features = payload.putArray("features");
        release.features().forEach(features::add);
        payload.put("argocd_app", release.service() + "-prod");
        payload.put("image", "ghcr.io/" + ORG + "/" + release.service() + ":" + release.version());
        payload.put("requested_by", release.actor());
        deployment.put("transient_environment", false);
        deployment.put("production_environment", true);
        repository(root.putObject("repository"), release);
        organization(root.putObject("organization"));
        user(root.putObject("sender"), "acme-deployer[bot]", 189204477, "Bot");
        root.putObject("installation").put("id", 52961844);
        return root;
    }

    private Delivery github(ObjectNode payload, Release release) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "GitHub-Hookshot/7d1c3e5");
        headers.put("X-GitHub-Event", "deployment_status");
        headers.put("X-GitHub-Delivery", uuid("github/" + release.id()).toString());
        headers.put("X-GitHub-Hook-ID", "512334871");
        headers.put("X-GitHub-Hook-Installation-Target-Type", "organization");
        headers.put("X-GitHub-Hook-Installation-Target-ID", "148220931");
        // X-Hub-Signature-256 is added by the client, which holds the secret
        return new Delivery("/webhooks/github", headers, bytes(payload));
    }

    Delivery gitlab(Release release, int sequence) {
        ObjectNode root = json.createObjectNode();
        long deploymentId = 48_000 + sequence;
        String project = ORG + "/" + release.service();
        String web = "https://gitlab.acme.example/" + project;
        root.put("object_kind", "deployment");
        root.put("status", "success");
        root.put("status_changed_at", GITLAB_TIME.format(release.deployedAt().atZone(GITLAB_ZONE)));
        root.put("deployment_id", deploymentId);
        root.put("deployable_id", 913_000 + sequence * 11);
        root.put("deployable_url", web + "/-/jobs/" + (913_000 + sequence * 11));
        root.put("environment", ENVIRONMENT);
        root.put("environment_tier", "production");
        root.put("environment_slug", "production");
        root.put("environment_external_url", "https://pay.acme.example");
        ObjectNode p = root.putObject("project");
        p.put("id", 1184);
        p.put("name", "Payments Service");
        p.put("description", "Card, wallet and split payments for Acme Shop");
        p.put("web_url", web);
        p.putNull("avatar_url");
        p.put("git_ssh_url", "git@gitlab.acme.example:" + project + ".git");
        p.put("git_http_url", web + ".git");
        p.put("namespace", "Acme Shop");
        p.put("visibility_level", 0);
        p.put("path_with_namespace", project);
        p.put("default_branch", "main");
        p.put("ci_config_path", "");
        p.put("homepage", web);
        root.put("short_sha", release.commit().substring(0, 8));
        ObjectNode user = root.putObject("user");
        user.put("id", actorId(release.actor()) % 1000);
        user.put("name", release.actor());
        user.put("username", release.actor());
        user.put("avatar_url", "https://gitlab.acme.example/uploads/-/system/user/avatar/212/avatar.png");
        user.put("email", "[REDACTED]");
        root.put("user_url", "https://gitlab.acme.example/" + release.actor());
        root.put("commit_url", web + "/-/commit/" + release.commit());
        String tags = release.features().stream().map(k -> "[" + k + "] ").reduce("", String::concat);
        root.put("commit_title", tags + release.title());
        root.put("ref", release.version());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "GitLab/18.5.1-ee");
        headers.put("X-Gitlab-Event", "Deployment Hook");
        headers.put("X-Gitlab-Instance", "https://gitlab.acme.example");
        headers.put("X-Gitlab-Event-UUID", uuid("gitlab-event/" + release.id()).toString());
        headers.put("X-Gitlab-Webhook-UUID", "4f3c9b2a-1e7d-4c8a-9b6f-2d0e5a7c3b18");
        headers.put("Idempotency-Key", uuid("gitlab-idem/" + release.id()).toString());
        // X-Gitlab-Token is added by the client, which holds the secret token
        return new Delivery("/webhooks/gitlab", headers, bytes(root));
    }

    /** CDEvents 0.4 in the CloudEvents HTTP binary mode: attributes as ce-* headers, the CDEvent as the body. */
    Delivery cdEventsBinary(Release release) {
        String id = uuid("cdevents/" + release.id()).toString();
        String type =
                release.rollback() ? "dev.cdevents.service.rolledback.0.2.0" : "dev.cdevents.service.deployed.0.2.0";
        String source = "/tekton/acme-prod/" + release.service() + "-release";
        ObjectNode event = json.createObjectNode();
        ObjectNode context = event.putObject("context");
        context.put("version", "0.4.1");
        context.put("id", id);
        context.put("chainId", uuid("chain/" + release.id()).toString());
        context.put("source", source);
        context.put("type", type);
        context.put("timestamp", release.deployedAt().toString());
        context.put(
                "schemaUri",
                "https://cdevents.dev/0.4.1/schema/service-" + (release.rollback() ? "rolledback" : "deployed")
                        + "-event");
        ObjectNode subject = event.putObject("subject");
        subject.put("id", "acme-prod/" + release.service());
        subject.put("source", source);
        subject.put("type", "service");
        ObjectNode content = subject.putObject("content");
        ObjectNode environment = content.putObject("environment");
        environment.put("id", ENVIRONMENT);
        environment.put("source", "/k8s/acme-prod");
        content.put(
                "artifactId",
                "pkg:oci/" + release.service() + "?repository_url=registry.acme.example%2Fshop%2F" + release.service()
                        + "&tag=" + release.version());
        ObjectNode custom = event.putObject("customData");
        custom.put("version", release.version());
        custom.put("commit", release.commit());
        ArrayNode features = custom.putArray("features");
        release.features().forEach(features::add);
        custom.put("pipelineRun", release.service() + "-release-" + release.id());
        custom.put("cluster", "acme-prod");
        event.put("customDataContentType", "application/json");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("ce-specversion", "1.0");
        headers.put("ce-id", id);
        headers.put("ce-source", source);
        headers.put("ce-type", type);
        headers.put("ce-subject", "acme-prod/" + release.service());
        headers.put("ce-time", release.deployedAt().toString());
        return new Delivery("/webhooks/cdevents", headers, bytes(event));
    }

    /** CDEvents 0.5 in the CloudEvents HTTP structured mode: the CloudEvent as the body, the CDEvent as its data. */
    Delivery cdEventsStructured(Release release) {
        String id = uuid("cdevents/" + release.id()).toString();
        String type =
                release.rollback() ? "dev.cdevents.service.rolledback.0.3.0" : "dev.cdevents.service.deployed.0.3.0";
        String source = "/keptn/acme-prod/" + release.service();
        ObjectNode cloudEvent = json.createObjectNode();
        cloudEvent.put("specversion", "1.0");
        cloudEvent.put("id", id);
        cloudEvent.put("source", source);
        cloudEvent.put("type", type);
        cloudEvent.put("subject", release.service());
        cloudEvent.put("time", release.deployedAt().toString());
        cloudEvent.put("datacontenttype", "application/json");
        ObjectNode data = cloudEvent.putObject("data");
        ObjectNode context = data.putObject("context");
        context.put("specversion", "0.5.0");
        context.put("id", id);
        context.put("source", source);
        context.put("type", type);
        context.put("timestamp", release.deployedAt().toString());
        ObjectNode subject = data.putObject("subject");
        subject.put("id", release.service());
        subject.put("type", "service");
        ObjectNode content = subject.putObject("content");
        content.putObject("environment").put("id", ENVIRONMENT);
        content.put(
                "artifactId",
                "pkg:oci/" + release.service() + "?repository_url=ghcr.io%2F" + ORG + "%2F" + release.service()
                        + "&tag=" + release.version());
        ObjectNode custom = data.putObject("customData");
        custom.put("commit", release.commit());
        // the release notes carry the feature as a trailer, as a commit message would
        String trailer = release.features().isEmpty() ? "" : "\n\nFeature: " + String.join(", ", release.features());
        custom.put("description", release.service() + " " + release.version() + "\n\n" + release.title() + trailer);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/cloudevents+json");
        return new Delivery("/webhooks/cdevents", headers, bytes(cloudEvent));
    }

    /** {@code POST /api/releases}, as a CI step with curl sends it; a retry with the same key stores nothing new. */
    Delivery api(Release release) {
        ObjectNode body = json.createObjectNode();
        body.put("service", release.service());
        body.put("version", release.version());
        body.put("environment", ENVIRONMENT);
        body.put("commit", release.commit());
        body.put("deployedAt", release.deployedAt().toString());
        ArrayNode features = body.putArray("features");
        release.features().forEach(features::add);
        body.put("description", release.title());
        if (release.rollback()) {
            body.put("rollback", true);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Idempotency-Key", ORG + "/" + release.service() + "/deploy/" + release.id());
        return new Delivery("/api/releases", headers, bytes(body));
    }

    private void repository(ObjectNode repo, Release release) {
        repo.put("id", 712_384_000L + Math.abs(release.service().hashCode() % 1000));
        repo.put("name", release.service());
        repo.put("full_name", ORG + "/" + release.service());
        repo.put("private", true);
        user(repo.putObject("owner"), ORG, 148220931, "Organization");
        repo.put("html_url", "https://github.com/" + ORG + "/" + release.service());
        repo.put("url", repoApi(release));
        repo.put("default_branch", "main");
        repo.put("visibility", "private");
    }

    private static void organization(ObjectNode org) {
        org.put("login", ORG);
        org.put("id", 148220931);
        org.put("url", "https://api.github.com/orgs/" + ORG);
        org.put("description", "Acme Shop engineering");
    }

    private static void user(ObjectNode user, String login, long id, String type) {
        user.put("login", login);
        user.put("id", id);
        user.put(
                "url",
                "https://api.github.com/users/" + login.replace("[", "%5B").replace("]", "%5D"));
        user.put("html_url", "https://github.com/" + login);
        user.put("type", type);
        user.put("site_admin", false);
    }

    private static String repoApi(Release release) {
        return "https://api.github.com/repos/" + ORG + "/" + release.service();
    }

    private static long runId(int sequence) {
        return 11_893_400_000L + sequence * 1_013L;
    }

    private static long actorId(String login) {
        return 5_800_000L + Math.abs(login.hashCode() % 100_000);
    }

    /** The same release always gets the same delivery ids, so a second replay is recognised as redelivery. */
    static UUID uuid(String name) {
        return UUID.nameUUIDFromBytes(("whatmoved-demo/" + name).getBytes(StandardCharsets.UTF_8));
    }

    private byte[] bytes(ObjectNode node) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
