package dev.whatmoved.features.intake;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Map;

@ConfigMapping(prefix = "whatmoved.intake")
public interface IntakeConfig {

    /**
     * Features every release of a service ships, for services whose pipelines name none, e.g.
     * {@code whatmoved.intake.service-features.checkout=checkout-one-click,guest-pay}.
     */
    Map<String, List<String>> serviceFeatures();
}
