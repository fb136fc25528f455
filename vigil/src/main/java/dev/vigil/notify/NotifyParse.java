package dev.vigil.notify;

import java.util.List;

/** What {@link NotifyMessageParser} made of one datagram. */
sealed interface NotifyParse {

    /**
     * The datagram was text: its understood assignments, and one line per assignment that was
     * dropped as malformed (unknown keys are neither).
     */
    record Parsed(List<NotifyMessage> messages, List<String> problems) implements NotifyParse {
        public Parsed {
            messages = List.copyOf(messages);
            problems = List.copyOf(problems);
        }
    }

    /** The whole datagram was dropped: too long, not UTF-8, or with NUL bytes. */
    record Garbage(NotifyDrop.Reason reason, String detail) implements NotifyParse {}
}
