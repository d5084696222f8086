package dev.whatmoved.notify.preview;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Writes the HTML previews of one example notification (target/previews) and checks they show what a reader needs;
 * with {@code -Dpreviews.screenshots=<dir>} also screenshots them with headless Chromium into that directory (the PNGs
 * of docs/notifications.md). No Quarkus, no network: milliseconds without screenshots.
 */
class MessagePreviewsTest {

    @Test
    void previewsShowTheVerdictTheFactsAndBothLinks() throws Exception {
        Path[] files = MessagePreviews.write(Path.of("target", "previews"));
        for (Path file : files) {
            assertThat(Files.readString(file))
                    .as(file.toString())
                    .contains("Verdict (day 30): checkout-one-click checkout.conversions moved as predicted")
                    .contains("+3.4 % (95 % range +1.1 to +5.8 %)")
                    .contains("Open in whatmoved")
                    .contains("Ticket SHOP-42");
        }
        String dir = System.getProperty("previews.screenshots");
        if (dir != null) {
            screenshot(files[0], Path.of(dir, "notify-slack.png"), "760,400");
            screenshot(files[1], Path.of(dir, "notify-teams.png"), "640,430");
            screenshot(files[2], Path.of(dir, "notify-email.png"), "760,490");
        }
    }

    private static void screenshot(Path html, Path png, String size) throws Exception {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Process chromium = new ProcessBuilder(List.of(
                        System.getProperty("previews.chromium", "chromium"),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--hide-scrollbars",
                        "--screenshot=" + png.toAbsolutePath(),
                        "--window-size=" + size,
                        html.toAbsolutePath().toUri().toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(chromium.waitFor(Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS))
                .as("chromium finished")
                .isTrue();
        assertThat(chromium.exitValue()).isZero();
        assertThat(Files.size(png)).isPositive();
    }
}
