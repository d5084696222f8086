package dev.whatmoved.local.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whatmoved.local.LauncherException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./whatmoved import releases --git}: what it reads from a real git repository (git runs for real). */
class GitReleasesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path repo;

    private int commits;

    @Test
    void oneReleasePerMatchingTagWithTheTagsDateAndTheFeaturesOfTheCommitsSinceThePreviousTag() throws Exception {
        git(Map.of(), "init", "-q", "-b", "main");
        commit("Initial import", "2026-01-05T09:00:00Z");
        git(Map.of(), "tag", "v1.0.0");
        String oneClick = commit(
                "[checkout-one-click] Add one-click buy\n\nFeature: checkout-one-click\n", "2026-01-12T09:00:00Z");
        String fix = commit("Fix the pay button\n\nFeatures: guest-pay, express-ship\n", "2026-01-13T09:00:00Z");
        // an annotated tag made a day after its commit: the deployment is the tag's date
        git(Map.of("GIT_COMMITTER_DATE", "2026-01-14T16:30:00+01:00"), "tag", "-a", "v1.1.0", "-m", "Release 1.1.0");
        commit("[wip] Try a new cache", "2026-01-20T09:00:00Z");
        // a component prefix in the subject is no trailer
        commit("features: fix the cart total", "2026-01-20T10:00:00Z");
        git(Map.of(), "tag", "nightly-2026-01-20");
        String last = commit("Refactor the cart", "2026-01-21T09:00:00Z");
        git(Map.of(), "tag", "v1.2.0");

        List<GitReleases.Release> releases = new GitReleases(repo, "checkout", "production").tags("v*");

        assertThat(releases).extracting(GitReleases.Release::version).containsExactly("v1.0.0", "v1.1.0", "v1.2.0");
        GitReleases.Release first = releases.get(0);
        assertThat(first.deployedAt()).isEqualTo(Instant.parse("2026-01-05T09:00:00Z"));
        assertThat(first.features()).isEmpty();
        assertThat(first.description()).isEqualTo("- Initial import");

        GitReleases.Release second = releases.get(1);
        assertThat(second.commit()).isEqualTo(fix).isNotEqualTo(oneClick);
        assertThat(second.deployedAt()).isEqualTo(Instant.parse("2026-01-14T15:30:00Z"));
        assertThat(second.features()).containsExactlyInAnyOrder("checkout-one-click", "guest-pay", "express-ship");
        assertThat(second.description().lines().toList())
                .containsExactly("- [checkout-one-click] Add one-click buy", "- Fix the pay button");

        GitReleases.Release third = releases.get(2);
        assertThat(third.commit()).isEqualTo(last);
        assertThat(third.features()).isEmpty();
        // the tag that does not match is no release: its commit ships with the next one
        assertThat(third.description().lines().toList())
                .containsExactly("- [wip] Try a new cache", "- Refactor the cart", "- features: fix the cart total");

        JsonNode line = JSON.readTree(second.ndjson());
        assertThat(line.path("service").asText()).isEqualTo("checkout");
        assertThat(line.path("environment").asText()).isEqualTo("production");
        assertThat(line.path("version").asText()).isEqualTo("v1.1.0");
        assertThat(line.path("commit").asText()).isEqualTo(fix);
        assertThat(line.path("deployedAt").asText()).isEqualTo("2026-01-14T15:30:00Z");
        assertThat(line.path("features")).hasSize(3);
    }

    @Test
    void oneReleasePerMergeCommitWithTheFeaturesOfTheCommitsItMerged() throws Exception {
        git(Map.of(), "init", "-q", "-b", "main");
        commit("Initial import", "2026-02-02T09:00:00Z");
        git(Map.of(), "checkout", "-q", "-b", "one-click");
        commit("Add one-click buy\n\nFeature: checkout-one-click\n", "2026-02-03T09:00:00Z");
        git(Map.of(), "checkout", "-q", "main");
        commit("Bump the version", "2026-02-04T09:00:00Z");
        git(dates("2026-02-05T10:00:00Z"), "merge", "-q", "--no-ff", "one-click", "-m", "Merge branch 'one-click'");
        String merge = git(Map.of(), "rev-parse", "HEAD").strip();

        List<GitReleases.Release> releases = new GitReleases(repo, "checkout", "staging").merges("HEAD");

        assertThat(releases).hasSize(1);
        GitReleases.Release release = releases.get(0);
        assertThat(release.version()).isEqualTo(merge.substring(0, 12));
        assertThat(release.commit()).isEqualTo(merge);
        assertThat(release.environment()).isEqualTo("staging");
        assertThat(release.deployedAt()).isEqualTo(Instant.parse("2026-02-05T10:00:00Z"));
        assertThat(release.features()).containsExactly("checkout-one-click");
    }

    @Test
    void aGlobNoTagMatchesOrAMissingRepositoryIsAnErrorNotAnEmptyImport() throws Exception {
        git(Map.of(), "init", "-q", "-b", "main");
        commit("Initial import", "2026-01-05T09:00:00Z");
        assertThat(new GitReleases(repo, "checkout", "production").tags("v*")).isEmpty();

        assertThatThrownBy(() -> new GitReleases(repo.resolve("missing"), "checkout", "production").tags("v*"))
                .isInstanceOf(LauncherException.class)
                .hasMessageContaining("failed");
        assertThatThrownBy(() -> ImportCommand.Options.parse(List.of("releases", "--git", repo.toString())))
                .isInstanceOf(LauncherException.class)
                .hasMessageContaining("--tags GLOB or --merges");
    }

    private String commit(String message, String at) throws IOException, InterruptedException {
        // a file of its own per commit, so that branches merge without conflicts
        String name = "change-" + (++commits);
        Files.writeString(repo.resolve(name), message + "\n", StandardCharsets.UTF_8);
        git(Map.of(), "add", name);
        git(dates(at), "commit", "-q", "-m", message);
        return git(Map.of(), "rev-parse", "HEAD").strip();
    }

    private static Map<String, String> dates(String at) {
        return Map.of("GIT_AUTHOR_DATE", at, "GIT_COMMITTER_DATE", at);
    }

    private String git(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "git",
                "-c",
                "user.name=Release Bot",
                "-c",
                "user.email=bot@example.test",
                "-c",
                "commit.gpgsign=false",
                "-c",
                "tag.gpgsign=false",
                "-C",
                repo.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        builder.environment().put("HOME", repo.toString());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor())
                .as("git %s: %s", String.join(" ", args), out)
                .isZero();
        return out;
    }
}
