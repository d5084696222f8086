package dev.whatmoved.features.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The ticket keys release intake looks up in commit messages, PR titles and branch names. */
class TrackerKeysTest {

    @Test
    void findsJiraAndLinearKeysInAnyCase() {
        assertThat(TrackerKeys.candidates(
                        List.of("SHOP-123: one-click buy", "Merge branch 'eng-42-one-click' into main", "[PAY-7] fix")))
                .containsExactly("SHOP-123", "ENG-42", "PAY-7");
    }

    @Test
    void findsGitHubIssuesOnlyWithTheirRepository() {
        assertThat(TrackerKeys.candidates(
                        List.of("Fixes acme/shop#42, see #43 and https://github.com/acme/shop/issues/44")))
                .containsExactly("ACME/SHOP#42");
    }

    @Test
    void aKeyInsideAWordAPathOrAVersionIsNoKey() {
        assertThat(TrackerKeys.candidates(List.of(
                        "release v1.2-3", "see docs/SHOP-123.md", "SHOP-123x", "x.SHOP-9", "ABCDEFGHIJKLMNOPQRSTU-1")))
                .isEmpty();
    }

    @Test
    void wordsThatLookLikeKeysAreOnlyCandidates() {
        // UTF-8 is found: it links a release only if a feature carries it as its ticket (the database is asked)
        assertThat(TrackerKeys.candidates(List.of("Read the body as UTF-8"))).containsExactly("UTF-8");
    }
}
