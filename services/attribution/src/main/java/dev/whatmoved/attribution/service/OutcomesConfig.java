package dev.whatmoved.attribution.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "whatmoved.outcomes")
public interface OutcomesConfig {

    /** Full days before a release whose mean is the before/after baseline. */
    @WithDefault("28")
    int baselineDays();
}
