package dev.whatmoved.local.demo;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/** The demo's tables: a header row, columns two spaces apart, text columns left-aligned and numbers right-aligned. */
final class TextTable {

    /** Header names of the columns printed left-aligned. */
    private static final Set<String> TEXT =
            Set.of("team", "owner", "feature", "metric", "verdict", "first detectable", "review");

    private TextTable() {}

    static void print(PrintStream out, List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < columns; i++) {
                String cell = row[i];
                String pad = " ".repeat(widths[i] - cell.length());
                line.append(TEXT.contains(rows.get(0)[i]) ? cell + pad : pad + cell)
                        .append("  ");
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
