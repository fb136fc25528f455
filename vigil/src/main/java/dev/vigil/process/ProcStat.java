package dev.vigil.process;

/**
 * The fields of {@code /proc/PID/stat} that Vigil uses.
 *
 * @param pid        field 1
 * @param comm       field 2, without its parentheses; may itself contain spaces and parentheses
 * @param state      field 3: R running, S sleeping, D uninterruptible (disk) sleep, T stopped,
 *                   t tracing stop, Z zombie, X dead, I idle
 * @param ppid       field 4, the parent
 * @param pgrp       field 5, the process group
 * @param session    field 6
 * @param startTicks field 22, start time in clock ticks since boot
 */
public record ProcStat(long pid, String comm, char state, long ppid, long pgrp, long session, long startTicks) {

    /** True for a zombie or a dead task: it runs no code, only its exit status is left. */
    public boolean exited() {
        return state == 'Z' || state == 'X';
    }

    /**
     * Parses the one line of {@code /proc/PID/stat}. The comm field is taken up to the LAST ')' of
     * the line, since a program may name itself {@code "a) R 1 (b"}.
     *
     * @throws IllegalArgumentException when the text is not a stat line
     */
    public static ProcStat parse(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 1 || close < open || close + 2 >= line.length()) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + abbreviate(line));
        }
        String[] rest = line.substring(close + 2).trim().split(" ");
        // rest[0] is field 3 (state); field n is rest[n - 3].
        if (rest.length < 20 || rest[0].length() != 1) {
            throw new IllegalArgumentException("not a /proc/PID/stat line (" + rest.length
                    + " fields after comm, need at least 20): " + abbreviate(line));
        }
        try {
            return new ProcStat(
                    Long.parseLong(line.substring(0, open).trim()),
                    line.substring(open + 1, close),
                    rest[0].charAt(0),
                    Long.parseLong(rest[1]),
                    Long.parseLong(rest[2]),
                    Long.parseLong(rest[3]),
                    Long.parseLong(rest[19]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + abbreviate(line), e);
        }
    }

    private static String abbreviate(String line) {
        return line.length() <= 120 ? line : line.substring(0, 120) + "...";
    }
}
