package dev.vigil.cli;

import static dev.vigil.config.Suggestions.distance;

import java.util.Comparator;
import java.util.List;

/** Suggests the known names closest to a mistyped one (edit distance, or a shared prefix). */
final class DidYouMean {
    private DidYouMean() {
    }

    static List<String> suggest(String typed, List<String> known) {
        int limit = Math.max(1, typed.length() / 3);
        return known.stream()
                .filter(k -> distance(typed, k) <= limit || (typed.length() >= 2 && k.startsWith(typed)))
                .sorted(Comparator.comparingInt((String k) -> distance(typed, k)).thenComparing(k -> k))
                .limit(3)
                .toList();
    }
}
