package dev.vigil.notify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Reads a process's process group from {@code /proc/PID/stat}. */
final class ProcStat {

    private ProcStat() {}

    /** The process group of {@code pid}; empty when the process is gone or /proc is unreadable. */
    static OptionalLong processGroup(long pid) {
        try {
            return processGroupOf(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Field 5 ({@code pgrp}) of a stat line {@code "pid (comm) state ppid pgrp ..."}. The comm
     * field may itself contain spaces and parentheses, so fields are counted after its last ')'.
     */
    static OptionalLong processGroupOf(String statLine) {
        int close = statLine.lastIndexOf(')');
        if (close < 0) {
            return OptionalLong.empty();
        }
        String[] rest = statLine.substring(close + 1).trim().split(" +");
        if (rest.length < 3) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(rest[2]));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
