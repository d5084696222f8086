package dev.whatmoved.console.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.qute.TemplateData;

/**
 * A feature as an item of the features service's list ({@code GET /api/features}): the fields the lists show.
 *
 * @param key the feature's key
 * @param title its title
 * @param team the team that owns it, or null
 * @param owner the person who owns it, or null
 * @param status its status (draft, shipped, ...)
 * @param shippedAt when its first release was deployed (RFC 3339), or null
 */
@TemplateData
@JsonIgnoreProperties(ignoreUnknown = true)
public record FeatureSummary(String key, String title, String team, String owner, String status, String shippedAt) {}
