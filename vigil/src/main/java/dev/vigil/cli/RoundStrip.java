package dev.vigil.cli;

import dev.vigil.api.ProbeResult;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A probe's recent rounds in one glyph each, oldest first, as the dashboard's strip draws them:
 * {@code ✓} healthy, {@code ✗} unhealthy or timed out, {@code ?} anything else (unprobeable, or a
 * round run too late to count). Unlike a state's glyph, which has its word beside it, these glyphs
 * are the whole meaning, so where a terminal may not show them the strip is ASCII:
 * {@code .} healthy, {@code x} failed, {@code ?} other.
 */
enum RoundStrip {
    UNICODE('✓', '✗'),
    ASCII('.', 'x');

    private final char ok;
    private final char fail;

    RoundStrip(char ok, char fail) {
        this.ok = ok;
        this.fail = fail;
    }

    /**
     * ASCII when plain output is asked ({@code NO_COLOR} set, {@code TERM=dumb}) or the locale
     * ({@code LC_ALL}, else {@code LC_CTYPE}, else {@code LANG}) does not name UTF-8, e.g. the C
     * locale; else the glyphs.
     */
    static RoundStrip forEnvironment(Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        if (noColor != null && !noColor.isEmpty() || "dumb".equals(env.get("TERM"))) {
            return ASCII;
        }
        String locale = firstSet(env, "LC_ALL", "LC_CTYPE", "LANG");
        String lower = locale.toLowerCase(Locale.ROOT);
        return lower.contains("utf-8") || lower.contains("utf8") ? UNICODE : ASCII;
    }

    private static String firstSet(Map<String, String> env, String... names) {
        for (String name : names) {
            String v = env.get(name);
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return "";
    }

    /** One glyph per round, oldest first. */
    String render(List<ProbeResult> rounds) {
        StringBuilder sb = new StringBuilder(rounds.size());
        for (ProbeResult r : rounds) {
            sb.append(switch (r.outcome() == null ? "" : r.outcome()) {
                case "healthy" -> ok;
                case "unhealthy", "timed_out" -> fail;
                default -> '?';
            });
        }
        return sb.toString();
    }
}
