package dev.vigil.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every problem of one load, in bounded memory: a config can hold hundreds of thousands of
 * mistakes (4 MiB of unknown keys), and keeping each would cost hundreds of MB to print a
 * thousand. The first {@link #KEPT} are kept, the rest only counted.
 */
final class ProblemLog {

    /** More than are listed, so that sorting by position still finds the first ones. */
    static final int KEPT = 10 * ConfigLimits.MAX_PROBLEMS;

    private final List<ConfigProblem> kept = new ArrayList<>();
    private long uncounted;

    void add(ConfigProblem problem) {
        if (kept.size() < KEPT) {
            kept.add(problem);
        } else {
            uncounted++;
        }
    }

    boolean isEmpty() {
        return kept.isEmpty();
    }

    /**
     * File order (as read), then line, then column (ties keep the order found), at most
     * {@link ConfigLimits#MAX_PROBLEMS}, then one line on {@code path} saying how many more.
     */
    List<ConfigProblem> listed(List<Path> files, Path path) {
        Map<Path, Integer> fileOrder = new HashMap<>();
        for (int i = 0; i < files.size(); i++) {
            fileOrder.put(files.get(i), i);
        }
        List<ConfigProblem> sorted = kept.stream().sorted(Comparator
                .comparingInt((ConfigProblem p) -> fileOrder.getOrDefault(p.file(), -1))
                .thenComparingInt(ConfigProblem::line)
                .thenComparingInt(ConfigProblem::column)).toList();
        long more = sorted.size() - ConfigLimits.MAX_PROBLEMS + uncounted;
        if (more <= 0) {
            return sorted;
        }
        List<ConfigProblem> out = new ArrayList<>(sorted.subList(0, ConfigLimits.MAX_PROBLEMS));
        out.add(new ConfigProblem(path.toAbsolutePath().normalize(), 0, 0, "", "", "fix the ones above first",
                more + " more problems not listed"));
        return out;
    }
}
