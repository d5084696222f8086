package dev.whatmoved.notify.preview;

import com.fasterxml.jackson.databind.JsonNode;

/** Draws a Slack Block Kit message, a Teams Adaptive Card and an email as a client would show them, in plain HTML. */
final class PreviewHtml {

    private static final String PAGE =
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>%s</style></head>" + "<body>%s</body></html>";

    private PreviewHtml() {}

    static String slack(JsonNode message) {
        StringBuilder html = new StringBuilder("<div class=\"msg\"><div class=\"avatar\">w</div><div class=\"main\">")
                .append("<div class=\"who\"><b>whatmoved</b> <span class=\"app\">APP</span> <span class=\"time\">")
                .append("08:02</span></div>");
        for (JsonNode block : message.path("blocks")) {
            switch (block.path("type").asText()) {
                case "header" ->
                    html.append("<div class=\"header\">")
                            .append(text(block.path("text").path("text").asText()))
                            .append("</div>");
                case "section" -> {
                    html.append("<div class=\"section\">")
                            .append(mrkdwn(block.path("text").path("text").asText()))
                            .append("</div><div class=\"fields\">");
                    block.path("fields").forEach(f -> html.append("<div>")
                            .append(mrkdwn(f.path("text").asText()))
                            .append("</div>"));
                    html.append("</div>");
                }
                case "actions" -> {
                    html.append("<div class=\"actions\">");
                    block.path("elements").forEach(e -> html.append("<span class=\"button\">")
                            .append(text(e.path("text").path("text").asText()))
                            .append("</span>"));
                    html.append("</div>");
                }
                case "context" -> {
                    html.append("<div class=\"context\">");
                    block.path("elements").forEach(e -> html.append("<span>")
                            .append(mrkdwn(e.path("text").asText()))
                            .append("</span> "));
                    html.append("</div>");
                }
                default -> {}
            }
        }
        html.append("</div></div>");
        String css = "body{margin:0;padding:16px;background:#fff;font:15px/1.46 Lato,'Helvetica Neue',Arial,sans-serif;"
                + "color:#1d1c1d}.msg{display:flex;gap:8px}.avatar{width:36px;height:36px;border-radius:6px;"
                + "background:#2f6f4f;color:#fff;font-weight:bold;text-align:center;line-height:36px;flex:none}"
                + ".main{flex:1}.app{background:#e8e8e8;color:#616061;font-size:10px;padding:1px 3px;"
                + "border-radius:2px}.time{color:#616061;font-size:12px}.header{font-size:18px;font-weight:900;"
                + "margin:4px 0 8px}.fields{display:grid;grid-template-columns:1fr 1fr;gap:8px 16px;margin:8px 0}"
                + ".actions{margin:10px 0}.button{display:inline-block;border:1px solid #bbb;border-radius:4px;"
                + "padding:3px 12px;font-weight:bold;font-size:14px;margin-right:8px}"
                + ".context{color:#616061;font-size:12px}";
        return PAGE.formatted(css, html);
    }

    static String teams(JsonNode envelope) {
        JsonNode card = envelope.path("attachments").path(0).path("content");
        StringBuilder html = new StringBuilder("<div class=\"post\"><div class=\"who\"><b>whatmoved</b> via Workflows")
                .append(" <span class=\"time\">08:02</span></div><div class=\"card\">");
        for (JsonNode element : card.path("body")) {
            switch (element.path("type").asText()) {
                case "TextBlock" ->
                    html.append("<p class=\"")
                            .append("Bolder".equals(element.path("weight").asText()) ? "title" : "text")
                            .append("\">")
                            .append(text(element.path("text").asText()))
                            .append("</p>");
                case "FactSet" -> {
                    html.append("<table>");
                    element.path("facts").forEach(f -> html.append("<tr><th>")
                            .append(text(f.path("title").asText()))
                            .append("</th><td>")
                            .append(text(f.path("value").asText()))
                            .append("</td></tr>"));
                    html.append("</table>");
                }
                default -> {}
            }
        }
        html.append("<div class=\"actions\">");
        card.path("actions").forEach(a -> html.append("<span class=\"button\">")
                .append(text(a.path("title").asText()))
                .append("</span>"));
        html.append("</div></div></div>");
        String css = "body{margin:0;padding:16px;background:#f5f5f5;font:14px/1.43 'Segoe UI',Arial,sans-serif;"
                + "color:#242424}.who{margin-bottom:6px}.time{color:#616161;font-size:12px}.card{background:#fff;"
                + "border-radius:6px;box-shadow:0 1px 3px rgba(0,0,0,.15);padding:14px 16px;max-width:560px}"
                + ".title{font-size:17px;font-weight:600;margin:0 0 8px}.text{margin:0 0 10px}"
                + "th{text-align:left;padding:2px 16px 2px 0;font-weight:600;vertical-align:top;white-space:nowrap}"
                + "td{padding:2px 0}.actions{display:flex;gap:8px;margin-top:14px}.button{flex:1;text-align:center;"
                + "border:1px solid #d1d1d1;border-radius:4px;padding:5px 12px;color:#5b5fc7;font-weight:600}";
        return PAGE.formatted(css, html);
    }

    static String email(String subject, String to, String body) {
        String frame = "<div class=\"head\"><div class=\"subject\">" + text(subject) + "</div>"
                + "<div>From: whatmoved &lt;notify@whatmoved.example&gt;</div><div>To: " + text(to) + "</div></div>"
                + "<iframe srcdoc=\"" + body.replace("&", "&amp;").replace("\"", "&quot;") + "\"></iframe>";
        String css = "body{margin:0;padding:16px;background:#fff;font:14px Arial,sans-serif;color:#222}"
                + ".head{border-bottom:1px solid #ddd;padding-bottom:8px;margin-bottom:4px;color:#555}"
                + ".subject{font-size:18px;color:#222;margin-bottom:6px}"
                + "iframe{border:0;width:100%;height:520px}";
        return PAGE.formatted(css, frame);
    }

    /** Slack's mrkdwn as this message uses it: *bold*, line breaks, and its own escapes (already HTML-safe). */
    private static String mrkdwn(String text) {
        return text.replaceAll("\\*([^*\\n]+)\\*", "<b>$1</b>").replace("\n", "<br>");
    }

    private static String text(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
