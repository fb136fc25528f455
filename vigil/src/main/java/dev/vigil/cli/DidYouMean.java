package dev.vigil.cli;

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

    /** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
