package dev.whatmoved.testing.corpus;

/**
 * One bad request of the corpus.
 *
 * @param kind its class (e.g. {@code nul-char}), the unit the counts and the "nothing stored" check are made per
 * @param variant what exactly is wrong (e.g. {@code /title: U+0000 inside})
 */
public record BadCase(String kind, String variant, RawRequest request) {}
