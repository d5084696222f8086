package dev.whatmoved.console.door;

import io.quarkus.qute.TemplateData;

/**
 * Why the console cannot serve a URL, in words a reader can act on, and where to go instead.
 *
 * @param status 400 or 404
 * @param title "Bad request" or "Not found"
 * @param detail one sentence: what was wrong
 * @param back where to go instead (a console path)
 * @param backText the link's words ("all features")
 */
@TemplateData
public record UrlProblem(int status, String title, String detail, String back, String backText) {

    public static UrlProblem badRequest(String detail, String back, String backText) {
        return new UrlProblem(400, "Bad request", detail, back, backText);
    }

    public static UrlProblem notFound(String detail) {
        return new UrlProblem(404, "Not found", detail, "/", "the overview");
    }
}
