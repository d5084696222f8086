package dev.whatmoved.features.rest;

import dev.whatmoved.features.intake.TrackerKeys;
import dev.whatmoved.features.service.Ticket;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A feature's ticket in the team's tracker: release intake links a release to the feature when its commit messages or
 * PR titles name the key, and notifications link back to the URL.
 *
 * @param key a Jira or Linear key ({@code SHOP-123}) or a GitHub issue ({@code acme/shop#42})
 * @param url where the ticket is read: an http or https URL
 */
public record TrackerRequest(
        @NotNull
                @Pattern(
                        regexp = TrackerKeys.KEY,
                        message = "must be a tracker key: a Jira or Linear key (SHOP-123) or a GitHub issue"
                                + " (owner/repo#42)")
                String key,
        @Size(max = 2000) @Pattern(regexp = "https?://[^\\s\\p{Cntrl}]+", message = "must be an http or https URL")
                String url) {

    public Ticket toTicket() {
        return new Ticket(key, url);
    }
}
