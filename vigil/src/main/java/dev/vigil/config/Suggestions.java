package dev.vigil.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" for misspelt keys and enum values, by edit distance (also the CLI's measure for mistyped names). */
public final class Suggestions {

    private Suggestions() {
    }

    /**
     * The closest candidate, if it is close enough to be a plausible typo: a case or {@code -}/{@code _}
     * difference, or at most one edit per three characters (at least one, at most three).
     */
    static Optional<String> closest(String wrong, Collection<String> candidates) {
        String w = normalise(wrong);
        int allowed = Math.max(1, Math.min(3, w.length() / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(w, normalise(candidate));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    private static String normalise(String s) {
        return s.toLowerCase(Locale.ROOT).replace('-', '_');
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
    public static int distance(String a, String b) {
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
