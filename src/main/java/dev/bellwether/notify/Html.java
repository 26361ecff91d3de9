package dev.bellwether.notify;

/** The little HTML the notification emails need: escaping, and a plain readable page around a body. */
final class Html {

    private Html() {
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A whole email: title, body (already HTML), in a readable width and the system font. */
    static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title></head>\n<body style=\"font-family:system-ui,-apple-system,'Segoe UI',sans-serif;"
                + "max-width:40em;margin:1em auto;line-height:1.5;color:#1f2933\">\n" + body + "</body></html>\n";
    }
}
