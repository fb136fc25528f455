package dev.vigil.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The signals a config may name (stop_signal) and Vigil may send, with their Linux numbers. */
public enum UnixSignal {
    HUP(1), INT(2), QUIT(3), KILL(9), USR1(10), USR2(12), TERM(15), CONT(18), STOP(19);

    private final int number;

    UnixSignal(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** Parses "TERM", "SIGTERM" or "term". */
    public static Optional<UnixSignal> parse(String text) {
        String name = text.trim().toUpperCase(java.util.Locale.ROOT);
        if (name.startsWith("SIG")) {
            name = name.substring(3);
        }
        for (UnixSignal s : values()) {
            if (s.name().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    public static Optional<UnixSignal> ofNumber(int number) {
        return Arrays.stream(values()).filter(s -> s.number == number).findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(Enum::name).toList();
    }
}
