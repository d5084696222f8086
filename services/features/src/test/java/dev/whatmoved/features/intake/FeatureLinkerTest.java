package dev.whatmoved.features.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which lines of a CI description name features: git-style trailers, keys separated by commas; prose names none. */
class FeatureLinkerTest {

    @Test
    void aTrailerNamesItsKeysSeparatedByCommas() {
        assertThat(FeatureLinker.trailerKeys(List.of("Recommendations 2.1.0\n\nFeature: recently-viewed")))
                .containsExactly("recently-viewed");
        assertThat(FeatureLinker.trailerKeys(List.of("Release\n\nFeatures: guest-pay, one-click ,saved-cards,")))
                .containsExactly("guest-pay", "one-click", "saved-cards");
    }

    @Test
    void proseAfterFeaturesIsNoTrailer() {
        assertThat(FeatureLinker.trailerKeys(List.of("features: fix the typo", "Feature: add saved cards to checkout")))
                .isEmpty();
    }
}
