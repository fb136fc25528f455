package dev.vigil.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Left-aligned text columns separated by two spaces; the last column is not padded. Cells may
 * be painted after padding, so escape codes never upset the alignment.
 */
final class Table {

    private final List<String[]> rows = new ArrayList<>();
    private final List<UnaryOperator<String>> firstCellPaint = new ArrayList<>();

    void row(String... cells) {
        row(UnaryOperator.identity(), cells);
    }

    /** A row whose first cell is painted by {@code paintFirst} after padding. */
    void row(UnaryOperator<String> paintFirst, String... cells) {
        rows.add(cells);
        firstCellPaint.add(paintFirst);
    }

    String render(String indent) {
        int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].codePointCount(0, r[i].length()));
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            String[] cells = rows.get(r);
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < cells.length; i++) {
                boolean last = i == cells.length - 1;
                String cell = last ? cells[i] : pad(cells[i], width[i]);
                line.append(i == 0 ? firstCellPaint.get(r).apply(cell) : cell);
                if (!last) {
                    line.append("  ");
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    private static String pad(String s, int width) {
        int n = s.codePointCount(0, s.length());
        return n >= width ? s : s + " ".repeat(width - n);
    }
}
